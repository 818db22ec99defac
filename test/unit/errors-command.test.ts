// `runErrors` with fakes: modes, filters, limit and paging, exit codes, closed pipes and big imports.
import { describe, expect, it } from 'vitest';
import type { FetchedImport } from '../../src/api/client.js';
import type { DataImport, DataTableDetail } from '../../src/api/schema.js';
import { ERRORS_PAGE_SIZE, type ErrorsOptions, runErrors } from '../../src/commands/errors.js';
import { QiError } from '../../src/errors.js';
import { aDataTable, anImport, aParsingError } from '../helpers/builders.js';
import { documentedExample } from '../helpers/documented-example.js';
import { type FakeApi, fakeApi } from '../helpers/fake-api.js';
import { type CapturedOutput, captureOutput, fakeCommandDeps, fakeDeps } from '../helpers/fake-deps.js';

const fixture: DataImport = documentedExample().document.data_import;
const ID = fixture.id;

const clean = aDataTable({ number_of_records: 3 });

function failing(key: string, count: number, start = 0): DataTableDetail {
  const details = Array.from({ length: count }, (_, n) => {
    const i = start + n;
    return {
      line_number: i + 2,
      row: { id: String(i), amount: `${i},5`, ...(i % 2 ? { currency: 'EUR' } : {}) },
      details: `ValueError: could not convert string to float: '${i},5'`,
    };
  });
  const description = `Can't parse '${start},5' as float for user attribute amount`;
  return aDataTable({
    data_table_key: key,
    number_of_records: null,
    error: aParsingError(details, { description }),
  });
}

function doc(id: string, tables: DataTableDetail[], status = 'finished'): DataImport {
  return anImport({ id, status, progress: status === 'finished' ? 100 : 40, data_tables_details: tables });
}

type Answer = DataImport | QiError | ((signal?: AbortSignal) => Promise<FetchedImport>);

interface Run {
  exitCode: number;
  stdout: CapturedOutput;
  stderr: CapturedOutput;
  api: FakeApi;
}

async function run(
  options: Partial<ErrorsOptions>,
  answers: Record<string, Answer>,
  stdout = captureOutput(),
): Promise<Run> {
  const api = fakeApi(answers);
  const deps = fakeCommandDeps(api, fakeDeps({ stdout }));
  const full: ErrorsOptions = {
    json: false,
    color: false,
    ids: Object.keys(answers),
    csv: false,
    safeCsv: false,
    tables: [],
    all: false,
    ...options,
  };
  const result = await runErrors(full, deps);
  return { exitCode: result.exitCode, stdout: deps.stdout, stderr: deps.stderr, api };
}

const lines = (text: string) => text.split('\n').filter((line) => line !== '');
const terminal = () => captureOutput({ isTTY: true, columns: 100 });

describe('exit codes', () => {
  it('is 1 when rows were rejected, 0 when none', async () => {
    expect((await run({}, { [ID]: fixture })).exitCode).toBe(1);
    expect((await run({}, { clean: doc('clean', [clean]) })).exitCode).toBe(0);
  });

  it('is 8 while the import runs, still showing the rows so far, with a note on stderr', async () => {
    const { exitCode, stdout, stderr } = await run(
      { json: true },
      { live: doc('live', [failing('deals', 2)], 'started') },
    );
    expect(exitCode).toBe(8);
    expect(lines(stdout.text)).toHaveLength(2);
    expect(stderr.text).toContain(
      'import live is still started, 40%: these are the rows rejected so far; more may follow',
    );
  });

  it('counts an undocumented status as running, with a warning', async () => {
    const { exitCode, stderr } = await run({}, { odd: doc('odd', [clean], 'paused') });
    expect(exitCode).toBe(8);
    expect(stderr.text).toContain('reports status "paused"');
    expect(stderr.text).toContain('is still paused (unknown status)');
  });

  it('says a "finished" import whose data table reports an undocumented status is not finished', async () => {
    const { exitCode, stderr } = await run({}, { odd: doc('odd', [{ ...clean, status: 'weird' }]) });
    expect(exitCode).toBe(8);
    expect(stderr.text).toContain('import odd is not finished (a data table reports an undocumented status)');
    expect(stderr.text).not.toContain('is still finished');
  });

  it('reports every import; a failed look-up is told on stderr and the most serious code wins', async () => {
    const { exitCode, stdout, stderr } = await run(
      { json: true },
      {
        [ID]: fixture,
        gone: new QiError('not_found', 'import gone not found'),
        clean: doc('clean', [clean]),
      },
    );
    expect(exitCode).toBe(3);
    expect(lines(stdout.text)).toHaveLength(1);
    expect(stderr.text).toContain('qobra-imports: error: import gone not found');
  });

  it('lets an interruption through to the CLI', async () => {
    await expect(run({}, { x: new QiError('interrupted', 'interrupted') })).rejects.toMatchObject({
      code: 'interrupted',
    });
  });
});

describe('--json', () => {
  it('writes one contract-shaped document per rejected row, and nothing else', async () => {
    const { stdout, stderr } = await run({ json: true }, { [ID]: fixture });
    const [line] = lines(stdout.text);
    expect(Object.keys(JSON.parse(line!))).toEqual([
      'import_id',
      'data_table_key',
      'title',
      'description',
      'line_number',
      'row',
      'details',
    ]);
    expect(JSON.parse(line!)).toEqual({
      import_id: ID,
      data_table_key: 'opportunities',
      title: 'ParsingError',
      description: "Can't parse 'AAAAA' as float for user attribute amount",
      line_number: 1,
      row: { id: '1', name: 'Great opportunity', user: 'user@example.fr', amount: 'AAAAA' },
      details: "ValueError: could not convert string to float: 'AAAAA'",
    });
    expect(stderr.text).toBe('');
  });

  it('escapes control characters on a terminal, still the same JSON', async () => {
    const evil = doc('e', [
      {
        ...failing('t', 1),
        error: {
          title: 'T\u001b[2J',
          parsing_error_details: [{ line_number: 1, row: { a: '\u202e\u009b' }, details: null }],
        },
      },
    ]);
    const { stdout } = await run({ json: true }, { e: evil }, terminal());
    expect(stdout.text).not.toMatch(/[\u001b\u202e\u009b]/);
    expect(JSON.parse(stdout.text)).toMatchObject({
      title: 'T\u001b[2J',
      row: { a: '\u202e\u009b' },
      details: null,
    });
  });
});

describe('filters and limits', () => {
  const two = doc('two', [clean, failing('opportunities', 3), failing('payments', 4, 100)]);

  it('--table keeps only the tables named', async () => {
    const { stdout, exitCode } = await run({ json: true, tables: ['payments'] }, { two });
    expect(lines(stdout.text).map((l) => JSON.parse(l).data_table_key)).toEqual(Array(4).fill('payments'));
    expect(exitCode).toBe(1);
  });

  // Reversed on purpose: a key the only import lacks was a warning and exit 1; it is a typo, so now a
  // usage error naming the keys that exist (a key only some imports lack is still a warning, below).
  it('--table with a name the import does not have is a usage error naming its data tables', async () => {
    const error = await run({ json: true, tables: ['payments', 'nope'] }, { two }).then(
      () => undefined,
      (e: unknown) => e as QiError,
    );
    expect(error?.exitCode).toBe(2);
    expect(error?.message).toContain('"nope"');
    expect(error?.message).toContain('data tables: companies, opportunities, payments');
  });

  it('--table on clean tables only exits 0', async () => {
    expect((await run({ tables: ['companies'] }, { two })).exitCode).toBe(0);
  });

  it('--limit counts rows across every import, and says so on stderr', async () => {
    const other = doc('other', [failing('deals', 5)]);
    const { stdout, stderr } = await run({ json: true, limit: 5 }, { two, other });
    expect(lines(stdout.text).map((l) => JSON.parse(l).import_id)).toEqual([
      'two',
      'two',
      'two',
      'two',
      'two',
    ]);
    expect(stderr.text).toContain('showed 5 of 12 rejected rows (--limit 5)');
  });

  it('--safe-csv without --csv is pointed out', async () => {
    expect((await run({ safeCsv: true }, { [ID]: fixture })).stderr.text).toContain(
      '--safe-csv applies to --csv only',
    );
  });
});

describe('on a terminal', () => {
  const big = doc('big', [failing('opportunities', 60), failing('payments', 20, 500)]);

  it('shows the summary, then the first page of rows, then how to see the rest', async () => {
    const { stdout, exitCode } = await run({}, { big }, terminal());
    expect(exitCode).toBe(1);
    const text = stdout.text;
    expect(text.indexOf('✖ Import big: finished with errors, 80 rejected rows in 2 data tables')).toBe(0);
    expect(text.indexOf('│ Rows │ Column')).toBeLessThan(text.indexOf('│ Data table'));
    expect(lines(text).filter((l) => /^│ (opportunities|payments) +│ +\d+ │/.test(l))).toHaveLength(
      ERRORS_PAGE_SIZE,
    );
    expect(lines(text).at(-1)).toBe('… 30 more rows (--all to see them, --limit N for the first N)');
  });

  it('--all shows every row; --limit N shows N', async () => {
    const all = (await run({ all: true }, { big }, terminal())).stdout.text;
    expect(lines(all).filter((l) => /^│ \w+ +│ +\d+ │/.test(l))).toHaveLength(80);
    expect(all).not.toContain('more rows');
    const limited = (await run({ limit: 7 }, { big }, terminal())).stdout.text;
    expect(lines(limited).filter((l) => /^│ \w+ +│ +\d+ │/.test(l))).toHaveLength(7);
    expect(limited).toContain('… 73 more rows (raise --limit 7 to see more)');
  });

  it('spends one page across imports, still summarising each', async () => {
    const text = (
      await run({}, { a: doc('a', [failing('t', 45)]), b: doc('b', [failing('t', 10)]) }, terminal())
    ).stdout.text;
    expect(text).toContain('✖ Import b: finished with errors, 10 rejected rows');
    expect(text).toContain('… 5 more rows (--all');
  });

  it('is calm about a clean import', async () => {
    const { stdout, exitCode } = await run({}, { clean: doc('clean', [clean]) }, terminal());
    expect(exitCode).toBe(0);
    expect(stdout.text).toBe('✔ Import clean: finished, no rejected rows\n');
  });
});

describe('piped', () => {
  it('writes one plain line per row, every row, and the summary on stderr', async () => {
    const { stdout, stderr } = await run({}, { big: doc('big', [failing('opportunities', 120)]) });
    const out = lines(stdout.text);
    expect(out).toHaveLength(120);
    expect(out[0]).toBe(
      "opportunities line 2: ValueError: could not convert string to float: '0,5' | id=0, amount=0,5",
    );
    expect(stdout.text).not.toMatch(/[│┌\u001b]/);
    expect(stderr.text).toBe(
      "qobra-imports: import big: opportunities: ParsingError: Can't parse '0,5' as float for user attribute amount (120 rejected rows)\n",
    );
  });

  it('prefixes each line with its import id when there are several', async () => {
    const { stdout } = await run({}, { a: doc('a', [failing('t', 1)]), b: doc('b', [failing('t', 1)]) });
    expect(lines(stdout.text).map((l) => l.split(' ')[0])).toEqual(['a', 'b']);
  });
});

describe('--csv', () => {
  it('writes one header for every import, the union of columns, CRLF line ends', async () => {
    const { stdout } = await run(
      { csv: true },
      { a: doc('a', [failing('t', 1)]), b: doc('b', [failing('u', 1, 1)]) },
    );
    expect(stdout.text).toBe(
      'import_id,data_table_key,line_number,details,id,amount,currency\r\n' +
        'a,t,2,"ValueError: could not convert string to float: \'0,5\'",0,"0,5",\r\n' +
        'b,u,3,"ValueError: could not convert string to float: \'1,5\'",1,"1,5",EUR\r\n',
    );
  });

  it('keeps the single-import CSV as it was, also for the same id given twice', async () => {
    const { stdout } = await run({ csv: true, ids: ['a', 'a'] }, { a: doc('a', [failing('t', 1)]) });
    expect(stdout.text).toBe(
      'data_table_key,line_number,details,id,amount\r\n' +
        't,2,"ValueError: could not convert string to float: \'0,5\'",0,"0,5"\r\n',
    );
  });

  it('shows the rows of an id given twice once, in the order first given', async () => {
    const { stdout } = await run(
      { json: true, ids: ['b', 'a', 'b'] },
      { a: doc('a', [failing('t', 1)]), b: doc('b', [failing('u', 1, 1)]) },
    );
    expect(lines(stdout.text).map((line) => JSON.parse(line).import_id)).toEqual(['b', 'a']);
  });

  it('writes a header alone for a clean import, and nothing at all when every look-up failed', async () => {
    expect((await run({ csv: true }, { clean: doc('clean', [clean]) })).stdout.text).toBe(
      'data_table_key,line_number,details\r\n',
    );
    const failed = await run({ csv: true }, { gone: new QiError('not_found', 'import gone not found') });
    expect(failed).toMatchObject({ exitCode: 3, stdout: { text: '' } });
  });

  it('builds the header from the rows it writes (--limit), and neutralises formulas with --safe-csv', async () => {
    const formula = doc('f', [
      {
        ...failing('t', 2),
        error: {
          parsing_error_details: [
            { line_number: 1, row: { a: '=HYPERLINK("x")' }, details: '-1' },
            { line_number: 2, row: { b: 'later' }, details: 'x' },
          ],
        },
      },
    ]);
    const { stdout } = await run({ csv: true, safeCsv: true, limit: 1 }, { f: formula });
    expect(stdout.text).toBe('data_table_key,line_number,details,a\r\nt,1,\'-1,"\'=HYPERLINK(""x"")"\r\n');
  });
});

/** stdout that closes (like `| head`) after `after` writes; `attempts.count` counts every write tried. */
function closingOutput(after: number, isTTY = false): CapturedOutput & { attempts: { count: number } } {
  const output = captureOutput({ isTTY });
  const write = output.write.bind(output);
  const attempts = { count: 0 };
  return Object.assign(output, {
    attempts,
    write(text: string) {
      attempts.count++;
      if (attempts.count > after) output.close();
      return write(text);
    },
  });
}

describe('a closed pipe', () => {
  const huge = doc('huge', [failing('t', 5000)]);

  it.each([
    ['--json', { json: true }, false],
    ['plain', {}, false],
    ['--csv', { csv: true }, false],
    ['terminal', { all: true }, true],
  ])('stops at once and quietly (%s), with the exit code earned so far', async (_name, options, isTTY) => {
    const stdout = closingOutput(1, isTTY);
    const { exitCode, stderr } = await run(options, { huge, more: doc('more', [failing('t', 5)]) }, stdout);
    expect(exitCode).toBe(1);
    expect(stdout.attempts.count).toBe(2); // the write that failed, and none after it
    expect(stderr.text).not.toContain('qobra-imports: error');
  });

  it('cancels look-ups still in flight', async () => {
    let aborted = false;
    const slow = (signal?: AbortSignal) =>
      new Promise<FetchedImport>((_resolve, reject) => {
        signal?.addEventListener('abort', () => {
          aborted = true;
          reject(signal.reason);
        });
      });
    const stdout = closingOutput(0);
    const { exitCode } = await run({ json: true }, { huge, slow }, stdout);
    expect(exitCode).toBe(1);
    expect(aborted).toBe(true);
  });
});

describe('a 100,000-row import', () => {
  const ROWS = 100_000;
  const huge = doc('huge', [failing('opportunities', 64_000), failing('payments', ROWS - 64_000, 64_000)]);

  it('streams --json in bounded chunks, awaiting each write', async () => {
    let inFlight = 0;
    let maxChunk = 0;
    let count = 0;
    let last = '';
    const sink = Object.assign(captureOutput(), {
      async write(text: string) {
        expect(inFlight).toBe(0); // back-pressure: the next chunk waits for this one
        inFlight++;
        maxChunk = Math.max(maxChunk, text.length);
        for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
        last = text;
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
      },
    });
    const { exitCode } = await run({ json: true }, { huge }, sink);
    expect(exitCode).toBe(1);
    expect(count).toBe(ROWS);
    expect(maxChunk).toBeLessThan(1024 * 1024);
    expect(JSON.parse(lines(last).at(-1)!)).toMatchObject({
      data_table_key: 'payments',
      line_number: ROWS + 1,
    });
  });

  it('streams --csv and plain lines too', async () => {
    for (const options of [{ csv: true }, {}]) {
      let count = 0;
      const sink = Object.assign(captureOutput(), {
        async write(text: string) {
          for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
        },
      });
      await run(options, { huge }, sink);
      expect(count).toBe(options.csv ? ROWS + 1 : ROWS);
    }
  });
});

describe('--table keys that no import has', () => {
  const two = doc('two', [clean, failing('opportunities', 3), failing('payments', 4, 100)]);
  const other = doc('other', [failing('deals', 5)]);
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a usage error');
      },
      (error: unknown) => error as QiError,
    );

  it('a typo is a usage error (2) with a suggestion and the keys that exist, before any row', async () => {
    const stdout = captureOutput();
    const api = fakeApi({ two });
    const deps = fakeCommandDeps(api, fakeDeps({ stdout }));
    const options = { json: true, color: false, ids: ['two'], csv: false, safeCsv: false, all: false };
    const error = await refusal(runErrors({ ...options, tables: ['oportunities'] }, deps));
    expect(error.code).toBe('usage');
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(
      '--table "oportunities": the import has no such data table; did you mean --table opportunities? data tables: companies, opportunities, payments',
    );
    expect(stdout.text).toBe('');
  });

  it('a key only some imports lack stays a warning; one none has is refused, naming every key seen', async () => {
    const kept = await run({ json: true, tables: ['deals'] }, { two, other });
    expect(kept.exitCode).toBe(1);
    expect(kept.stderr.text).toContain('warning: import two has no data table "deals"');
    const api = fakeApi({ two, other });
    const deps = fakeCommandDeps(api, fakeDeps());
    const options = {
      json: true,
      color: false,
      ids: ['two', 'other'],
      csv: false,
      safeCsv: false,
      all: false,
    };
    const error = await refusal(runErrors({ ...options, tables: ['deals', 'zzz'] }, deps));
    expect(error.message).toBe(
      '--table "zzz": no selected import has such a data table; data tables: companies, opportunities, payments, deals',
    );
  });

  it('sanitises the keys it lists', async () => {
    const evil = doc('evil', [failing('t\u001b[2J', 1)]);
    const api = fakeApi({ evil });
    const deps = fakeCommandDeps(api, fakeDeps());
    const options = { json: true, color: false, ids: ['evil'], csv: false, safeCsv: false, all: false };
    const error = await refusal(runErrors({ ...options, tables: ['x\u009b'] }, deps));
    expect(error.message).not.toMatch(/[\u001b\u009b]/);
  });
});
