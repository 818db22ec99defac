/**
 * One data table's rejected rows as the body scanner spooled them: a list that knows its length and
 * parses its rows one at a time, each time it is walked, so a million rows are never all in memory.
 * A spooled line is a row's JSON text as sent, after up to two marks: "=" when the text is verbatim
 * (exactly what JSON.stringify would write of the documented shape, so `--json` can copy it without
 * parsing), then "!" when a number in it must keep its text (only those rows go through the
 * exact-numbers path, mark-numbers.ts).
 */
import { QiError } from '../errors.js';
import type { Spool, SpoolMark } from '../util/spool.js';
import { markLossyDetailNumbers, restoreMarkers } from './mark-numbers.js';
import type { ParsingErrorDetail, RejectedRowList } from './schema.js';

const VERBATIM_MARK = '=';
const LOSSY_MARK = '!';

/** A row's text as the spool keeps it, with its marks. */
export const spooledLine = (text: string, lossy: boolean, verbatim: boolean): string =>
  `${verbatim ? VERBATIM_MARK : ''}${lossy ? LOSSY_MARK : ''}${text}`;

/** The rows' JSON texts as sent, without their marks (for `--json`, which re-emits the body). */
export function* spooledTexts(spool: Spool, start: SpoolMark, count: number): Generator<string> {
  for (const line of spool.read(start, count)) yield textOf(line);
}

/** The text after the marks. */
const textOf = (line: string): string => {
  let at = 0;
  if (line.startsWith(VERBATIM_MARK)) at++;
  if (line.startsWith(LOSSY_MARK, at)) at++;
  return at === 0 ? line : line.slice(at);
};

export interface RowsContext {
  importId: string;
  dataTableKey: string;
}

export class SpooledRows implements RejectedRowList {
  constructor(
    private readonly spool: Spool,
    private readonly start: SpoolMark,
    readonly length: number,
    private readonly context: RowsContext,
  ) {}

  *[Symbol.iterator](): Generator<ParsingErrorDetail> {
    let index = 0;
    for (const line of this.spool.read(this.start, this.length)) yield this.#parse(line, index++);
  }

  slice(start = 0, end = this.length): ParsingErrorDetail[] {
    const rows: ParsingErrorDetail[] = [];
    const from = Math.max(0, start < 0 ? this.length + start : start);
    const to = Math.min(this.length, end < 0 ? this.length + end : end);
    if (to <= from) return rows;
    let index = 0;
    for (const line of this.spool.read(this.start, to)) {
      if (index >= from) rows.push(this.#parse(line, index));
      index++;
    }
    return rows;
  }

  /**
   * Each row as its verbatim text (`{"line_number":…,"row":…,"details":…}`, exactly as JSON.stringify
   * would write it after an exact parse) when it is one, else parsed: `errors --json` copies the first
   * kind as it is, which is most of its work saved.
   */
  *forms(): Generator<string | ParsingErrorDetail> {
    let index = 0;
    for (const line of this.spool.read(this.start, this.length)) {
      yield line.startsWith(VERBATIM_MARK) ? textOf(line) : this.#parse(line, index);
      index++;
    }
  }

  #parse(line: string, index: number): ParsingErrorDetail {
    try {
      return parseSpooledLine(line);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      // The scanner checked the row's brackets, strings and shape; what is left (a bad literal, a bad
      // escape) shows only now, when the row is read.
      throw new QiError(
        'bad_response',
        `fetching import ${this.context.importId}: rejected row ${index + 1} of data table ${this.context.dataTableKey} is not valid JSON`,
        { importId: this.context.importId },
      );
    }
  }
}

/** A spooled line back to the rejected row the API sent, numbers exact. */
export function parseSpooledLine(line: string): ParsingErrorDetail {
  const text = textOf(line);
  const lossy = line.startsWith(LOSSY_MARK, line.startsWith(VERBATIM_MARK) ? 1 : 0);
  if (!lossy) return JSON.parse(text) as ParsingErrorDetail;
  const detail = JSON.parse(markLossyDetailNumbers(text)) as ParsingErrorDetail;
  if (Object.hasOwn(detail, 'line_number'))
    detail.line_number = restoreMarkers(detail.line_number) as ParsingErrorDetail['line_number'];
  if (typeof detail.row === 'object' && detail.row !== null) restoreMarkers(detail.row);
  return detail;
}
