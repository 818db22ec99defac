// outputFromStream: how a write ends. Written means resolved; a closed pipe is a quiet stop
// (PipeClosedError); anything else that keeps the text from being written (a full disk) rejects the
// pending write and every later one with OutputWriteError, naming the cause.
import { constants } from 'node:os';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { outputFromStream } from '../../src/deps.js';
import { OutputWriteError, PipeClosedError } from '../../src/errors.js';

/** An error as the operating system reports it: code and (negative) errno. */
const systemError = (code: 'ENOSPC' | 'EIO' | 'EPIPE'): NodeJS.ErrnoException =>
  Object.assign(new Error(`${code}: write failed`), {
    code,
    errno: -constants.errno[code],
    syscall: 'write',
  });

/** A stream that takes `okWrites` writes, then fails every one with `error`, at once or a turn later. */
function failingStream(error: Error, { okWrites = 0, async = false } = {}) {
  const written: string[] = [];
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: string, _encoding, callback) {
      const done = () => {
        if (written.length < okWrites) {
          written.push(chunk);
          callback();
        } else callback(error);
      };
      if (async) setImmediate(done);
      else done();
    },
  });
  return { stream, written };
}

describe('outputFromStream', () => {
  it('resolves a write once the stream has written it, not before', async () => {
    const written: string[] = [];
    const slow = new Writable({
      decodeStrings: false,
      write(chunk: string, _encoding, callback) {
        setTimeout(() => {
          written.push(chunk);
          callback();
        }, 5);
      },
    });
    await outputFromStream(slow).write('a');
    expect(written).toEqual(['a']);
  });

  it.each([false, true])(
    'a full disk rejects the pending write with its cause (async: %s)',
    async (async) => {
      const { stream } = failingStream(systemError('ENOSPC'), { async });
      const out = outputFromStream(stream);
      const error = await out.write('x').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OutputWriteError);
      expect(error).toMatchObject({
        reason: 'no space left on device',
        message: 'cannot write the output: no space left on device',
      });
      // And every later write, with the same first cause, though the stream has since been destroyed.
      await expect(out.write('y')).rejects.toBe(error);
      await new Promise((resolve) => setImmediate(resolve));
      await expect(out.write('z')).rejects.toBe(error);
      // It is no reader going away: writers that stop quietly on `closed` must not stop here.
      expect(out.closed).toBe(false);
    },
  );

  it('an I/O error after some writes went through fails the write it hit', async () => {
    const { stream, written } = failingStream(systemError('EIO'), { okWrites: 2 });
    const out = outputFromStream(stream);
    await out.write('1');
    await out.write('2');
    await expect(out.write('3')).rejects.toMatchObject({ name: 'OutputWriteError', reason: 'i/o error' });
    expect(written).toEqual(['1', '2']);
  });

  it('a closed pipe (EPIPE) stays a quiet stop', async () => {
    const { stream } = failingStream(systemError('EPIPE'));
    const out = outputFromStream(stream);
    await expect(out.write('x')).rejects.toBeInstanceOf(PipeClosedError);
    expect(out.closed).toBe(true);
    await expect(out.write('y')).rejects.toBeInstanceOf(PipeClosedError);
  });

  it('a stream destroyed under a waiting write ends the wait as closed', async () => {
    const stuck = new Writable({ write() {} }); // never calls back
    const out = outputFromStream(stuck);
    const pending = out.write('x');
    stuck.destroy();
    await expect(pending).rejects.toBeInstanceOf(PipeClosedError);
  });

  it('a failure nobody is writing at the moment is kept for the next write, never thrown', async () => {
    const stream = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    const out = outputFromStream(stream);
    stream.destroy(systemError('ENOSPC'));
    await new Promise((resolve) => setImmediate(resolve));
    await expect(out.write('x')).rejects.toMatchObject({ reason: 'no space left on device' });
  });

  it('listens to the stream once, however many writes are waiting', async () => {
    let release: (() => void)[] = [];
    const stream = new Writable({
      highWaterMark: 1,
      decodeStrings: false,
      write: (_chunk, _encoding, callback) => void release.push(callback),
    });
    const out = outputFromStream(stream);
    const writes = Array.from({ length: 50 }, (_, i) => out.write(`${i}`));
    expect(stream.listenerCount('close')).toBe(1);
    expect(stream.listenerCount('error')).toBe(1);
    while (release.length) {
      const pending = release;
      release = [];
      for (const callback of pending) callback();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(writes);
  });
});
