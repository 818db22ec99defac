/**
 * A number in a rejected row kept as the literal the API sent (`1.10`, `1e400`, 20 digits), which
 * `JSON.parse` would round. The parser (api/parse-json.ts) makes them; the model, the watch and the
 * renderers carry and print them with this module, which is why it sits below all of them.
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
  if (value instanceof ExactNumber) return true;
  if (Array.isArray(value)) return value.some(holdsExactNumber);
  for (const key in value) {
    const cell = (value as Detail)[key];
    if (typeof cell === 'object' && cell !== null && holdsExactNumber(cell)) return true;
  }
  return false;
}

/**
 * `JSON.stringify` for rows that may hold ExactNumbers: their text is written raw, everything else
 * as `JSON.stringify` would. Values without one (nearly all) go straight to `JSON.stringify`.
 */
export function stringifyExact(value: unknown): string | undefined {
  if (!holdsExactNumber(value)) return JSON.stringify(value);
  if (value instanceof ExactNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map((item) => stringifyExact(item) ?? 'null').join(',')}]`;
  const parts: string[] = [];
  for (const key of Object.keys(value as Detail)) {
    const json = stringifyExact((value as Detail)[key]);
    if (json !== undefined) parts.push(`${JSON.stringify(key)}:${json}`);
  }
  return `{${parts.join(',')}}`;
}
