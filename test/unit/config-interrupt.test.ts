// Ctrl-C ends waits that are not network waits too: reading the key from stdin.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { resolveApiKey } from '../../src/config/api-key.js';
import { QiError } from '../../src/errors.js';

describe('interrupting', () => {
  it('stops waiting for the key on stdin when the signal aborts, with the signal reason', async () => {
    const controller = new AbortController();
    const stdin = new PassThrough(); // a terminal or pipe that never sends anything
    const reading = resolveApiKey({ apiKeyFile: '-', env: {}, stdin, signal: controller.signal });
    const reason = new QiError('interrupted', 'interrupted', { exitCode: 130 });
    setTimeout(() => controller.abort(reason), 20);
    await expect(reading).rejects.toBe(reason);
  });

  it('still reads a key that arrives before any abort', async () => {
    const stdin = new PassThrough();
    stdin.end('  sk_key_123  \n');
    await expect(
      resolveApiKey({ apiKeyFile: '-', env: {}, stdin, signal: new AbortController().signal }),
    ).resolves.toBe('sk_key_123');
  });
});
