/**
 * A number in a rejected row kept as the literal the API sent (`1.10`, `1e400`, 20 digits), which
 * `JSON.parse` would round. The API layer makes them as it reads rows (api/spooled-rows.ts); the model, the watch and the
 * renderers carry and print them with this module, which is why it sits below all of them.
 *
 * Nothing here recurses: `JSON.parse` accepts any depth, so a value nested 100,000 levels deep is
 * valid data, and walking or printing it must not run out of stack (V8's own `JSON.stringify`
 * does, around 10,000 levels, so it is only the fast path).
 */

type Detail = Record<string, unknown>;

/** A JSON number whose text `JSON.parse` would not keep; `text` is the literal as sent. */
export class ExactNumber {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
  valueOf(): number {
    return Number(this.text);
  }
  /**
   * For code that calls `JSON.stringify` instead of `stringifyExact`: the nearest number (the old,
   * rounded output) rather than `{"text":…}`. Exact output needs `stringifyExact`.
   */
  toJSON(): number {
    return Number(this.text);
  }
}

/** Does a value hold an ExactNumber anywhere? (The cheap test before the slow serialiser.) */
export function holdsExactNumber(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  // Containers still to look into: an explicit stack, so any depth is fine.
  const pending: object[] = [value];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next instanceof ExactNumber) return true;
    if (Array.isArray(next)) {
      for (const item of next) if (typeof item === 'object' && item !== null) pending.push(item);
      continue;
    }
    for (const key in next) {
      const cell = (next as Detail)[key];
      if (typeof cell === 'object' && cell !== null) pending.push(cell);
    }
  }
  return false;
}

/**
 * `JSON.stringify` for values that may hold ExactNumbers: their text is written raw, everything else
 * as `JSON.stringify` would. Values without one (nearly all) go straight to `JSON.stringify`, unless
 * they are nested too deep for it.
 */
export function stringifyExact(value: unknown): string | undefined {
  if (!holdsExactNumber(value)) {
    try {
      return JSON.stringify(value);
    } catch (error) {
      // V8 recursed out of stack: the same text, built without recursion below.
      if (!(error instanceof RangeError)) throw error;
    }
  }
  return stringifyIteratively(value);
}

/** An open array or object while writing, and how far into it the writer is. */
type Frame =
  | { array: readonly unknown[]; next: number }
  | { object: Detail; keys: string[]; next: number; written: boolean };

/** What `JSON.stringify` writes (ExactNumbers as their text), with an explicit stack instead of recursion. */
function stringifyIteratively(root: unknown): string | undefined {
  if (skipped(root)) return undefined;
  const out: string[] = [];
  const stack: Frame[] = [];
  const write = (value: unknown): void => {
    if (value instanceof ExactNumber) out.push(value.text);
    else if (Array.isArray(value)) {
      out.push('[');
      stack.push({ array: value, next: 0 });
    } else if (typeof value === 'object' && value !== null) {
      out.push('{');
      stack.push({ object: value as Detail, keys: Object.keys(value), next: 0, written: false });
    } else out.push(JSON.stringify(value) ?? 'null');
  };
  write(root);
  for (let frame = stack.at(-1); frame !== undefined; frame = stack.at(-1)) {
    if ('array' in frame) {
      if (frame.next === frame.array.length) {
        out.push(']');
        stack.pop();
        continue;
      }
      if (frame.next > 0) out.push(',');
      write(frame.array[frame.next++]);
      continue;
    }
    // Members JSON.stringify leaves out (undefined, functions) are skipped, as it does.
    while (frame.next < frame.keys.length && skipped(frame.object[frame.keys[frame.next] ?? '']))
      frame.next++;
    const key = frame.keys[frame.next++];
    if (key === undefined) {
      out.push('}');
      stack.pop();
      continue;
    }
    out.push(`${frame.written ? ',' : ''}${JSON.stringify(key)}:`);
    frame.written = true;
    write(frame.object[key]);
  }
  return out.join('');
}

const skipped = (value: unknown): boolean =>
  value === undefined || typeof value === 'function' || typeof value === 'symbol';
