/**
 * A write-once, read-many list of text lines that stays small in memory whatever its size: lines are
 * kept in memory up to a budget, then everything moves to a temporary file (unlinked as soon as it
 * is opened, so nothing is left behind, whatever way the process ends) and later lines are appended
 * there. Readers replay any range of lines, as often as they like, holding one block at a time.
 *
 * Lines must not contain "\n" (the file's separator). Reads and writes are synchronous: the spool is
 * filled from a socket's data events and read by generators that callers drive one line at a time,
 * and a block of a local file costs less than the promise round-trip of an async read.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';

/** UTF-16 code units kept in memory before the spool moves to a file (about 8-16 MB of strings). */
export const SPOOL_MEMORY_CHARS = 8 * 2 ** 20;

/**
 * What every spool of the process may keep in memory together: `status` of 50 ids fetches 16 at
 * once, and 16 imports just under their own budget must not add up to 16 times it. Past it, the
 * spool that grows moves to a file.
 */
export interface MemoryBudget {
  used: number;
  readonly limit: number;
}

const PROCESS_BUDGET: MemoryBudget = { used: 0, limit: 2 * SPOOL_MEMORY_CHARS };
/** Lines are written to the file in batches of about this many code units. */
const WRITE_BATCH_CHARS = 2 ** 20;
/** Bytes read from the file at a time. */
const READ_BLOCK_BYTES = 2 ** 20;

/** Where a line starts: its index, and (once on file) the byte it starts at. */
export interface SpoolMark {
  line: number;
}

export class Spool {
  #lines: string[] | undefined = [];
  #chars = 0;
  #count = 0;
  #fd: number | undefined;
  #fileBytes = 0;
  #batch: string[] = [];
  #batchChars = 0;
  /** Byte offset in the file of each marked line (only once the spool is on file). */
  #offsets = new Map<number, number>();
  #marked = new Set<number>();
  #closed = false;
  /** The temporary folder refused a file: the lines stay in memory (as before spooling existed). */
  #noFile = false;

  constructor(
    private readonly memoryChars = SPOOL_MEMORY_CHARS,
    private readonly budget: MemoryBudget = PROCESS_BUDGET,
  ) {}

  /** Lines appended so far. */
  get length(): number {
    return this.#count;
  }

  /** True once the lines live in a temporary file. */
  get onFile(): boolean {
    return this.#fd !== undefined;
  }

  append(line: string): void {
    this.#count++;
    if (this.#lines) {
      this.#lines.push(line);
      this.#chars += line.length;
      this.budget.used += line.length;
      const over = this.#chars > this.memoryChars || this.budget.used > this.budget.limit;
      if (over && !this.#noFile) this.#moveToFile();
      return;
    }
    this.#batch.push(line);
    this.#batchChars += line.length + 1;
    if (this.#batchChars >= WRITE_BATCH_CHARS) this.#flush();
  }

  /** Remembers where the next line starts, so a range starting there can be read without a scan. */
  mark(): SpoolMark {
    const line = this.#count;
    this.#marked.add(line);
    if (this.#fd !== undefined) {
      this.#flush();
      this.#offsets.set(line, this.#fileBytes);
    }
    return { line };
  }

  /** The lines [from.line, from.line + count), in order. */
  *read(from: SpoolMark, count: number): Generator<string> {
    if (this.#closed) throw new Error('the spool was read after it was closed');
    if (count <= 0) return;
    if (this.#lines) {
      const end = from.line + count;
      for (let index = from.line; index < end; index++) yield this.#lines[index] as string;
      return;
    }
    this.#flush();
    yield* this.#readFile(this.#offsets.get(from.line) ?? 0, count);
  }

  /** Gives the memory or the file back (its disk space too); reading afterwards is a bug. */
  close(): void {
    if (this.#closed) return;
    this.#giveBackMemory();
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
    this.#lines = [];
    this.#batch = [];
    this.#closed = true;
  }

  #moveToFile(): void {
    let folder: string;
    try {
      folder = mkdtempSync(join(tmpdir(), 'qobra-imports-'));
    } catch {
      // A read-only or full TMPDIR: the import is still shown, at the cost of the memory it needs.
      this.#noFile = true;
      return;
    }
    const path = join(folder, 'spool');
    try {
      this.#fd = openSync(path, 'w+', 0o600);
    } catch {
      this.#noFile = true;
      return;
    } finally {
      // Open files outlive their names: nothing to clean up later, even after a crash or SIGKILL.
      try {
        unlinkSync(path);
      } catch {}
      rmSync(folder, { recursive: true, force: true });
    }
    const lines = this.#lines ?? [];
    this.#lines = undefined;
    this.#giveBackMemory();
    for (const [index, line] of lines.entries()) {
      if (this.#marked.has(index)) {
        this.#flush();
        this.#offsets.set(index, this.#fileBytes);
      }
      this.#batch.push(line);
      this.#batchChars += line.length + 1;
      if (this.#batchChars >= WRITE_BATCH_CHARS) this.#flush();
    }
    this.#flush();
  }

  #giveBackMemory(): void {
    this.budget.used -= this.#chars;
    this.#chars = 0;
  }

  #flush(): void {
    if (this.#batch.length === 0 || this.#fd === undefined) return;
    this.#batch.push('');
    const bytes = Buffer.from(this.#batch.join('\n'));
    this.#batch = [];
    this.#batchChars = 0;
    for (let written = 0; written < bytes.length; ) {
      written += writeSync(this.#fd, bytes, written, bytes.length - written, this.#fileBytes + written);
    }
    this.#fileBytes += bytes.length;
  }

  *#readFile(start: number, count: number): Generator<string> {
    const fd = this.#fd;
    if (fd === undefined) return;
    const block = Buffer.allocUnsafe(READ_BLOCK_BYTES);
    const decoder = new StringDecoder('utf8');
    let position = start;
    let carry = '';
    let left = count;
    while (left > 0) {
      const read = readSync(fd, block, 0, block.length, position);
      if (read === 0) break;
      position += read;
      const text = carry + decoder.write(block.subarray(0, read));
      let from = 0;
      for (let end = text.indexOf('\n'); end !== -1 && left > 0; end = text.indexOf('\n', from)) {
        yield text.slice(from, end);
        from = end + 1;
        left--;
      }
      carry = text.slice(from);
    }
  }
}
