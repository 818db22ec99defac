// The status views of the documented example, at a fixed width and clock, colour off.
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import type { DataImport } from '../../src/api/schema.js';
import { summarizeImport } from '../../src/model/summary.js';
import { renderErrorsHint, renderStatusPlain } from '../../src/render/status-plain.js';
import { renderStatusTerminal } from '../../src/render/status-terminal.js';
import { displayWidth } from '../../src/render/text-width.js';
import { documentedExample } from '../helpers/documented-example.js';

const FIXTURE: DataImport = documentedExample().document.data_import;
const NOW = Date.parse('2024-06-25T10:20:00Z');
const ID = '647a13fe875af4b4eb7133c2';
const TITLE = 'ParsingError';
const DESCRIPTION = "Can't parse 'AAAAA' as float for user attribute amount";
const BOX = /[\u2500-\u257f]/;
const chalk = new Chalk({ level: 0 });

const summary = summarizeImport(FIXTURE, NOW);
const terminal = (columns: number, data = summary) => renderStatusTerminal(data, { chalk, columns });
const lines = (text: string) => text.replace(/\n$/, '').split('\n');

describe('renderStatusPlain', () => {
  const text = renderStatusPlain(summary);

  it('states every fact of the example', () => {
    expect(lines(text)[0]).toBe(`import ${ID}: finished with errors, 100%`);
    for (const fact of [
      'created 2024-06-25 09:58:32 UTC',
      'launched 2024-06-25 10:03:27 UTC',
      'finished 2024-06-25 10:14:12 UTC',
      'queued 4m 55s',
      'ran 10m 45s',
      'table companies, type api, finished, 100%, records 122',
      'table opportunities, type api, finished, 100%, records -',
      `error ${TITLE}: ${DESCRIPTION}`,
      '(1 rejected row)',
    ]) {
      expect(text).toContain(fact);
    }
  });

  it('puts one table per line, after the headline and the times', () => {
    expect(lines(text)).toHaveLength(4);
    expect(lines(text)[2]).toMatch(/^ {2}table companies,/);
    expect(lines(text)[3]).toMatch(/^ {2}table opportunities,/);
  });

  it('has no box drawing and no escape codes, and ends with a newline', () => {
    expect(text).not.toMatch(BOX);
    expect(text).not.toContain('\u001b');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('describes a running import with times up to now', () => {
    const running = summarizeImport({ ...FIXTURE, status: 'started', progress: 40, finished_at: null }, NOW);
    const out = renderStatusPlain(running);
    expect(lines(out)[0]).toBe(`import ${ID}: started, 40%`);
    expect(out).toContain('running for 16m 33s');
    const queued = summarizeImport(
      { ...FIXTURE, status: 'scheduled', launched_at: null, finished_at: null, data_tables_details: [] },
      NOW,
    );
    expect(renderStatusPlain(queued)).toContain('queued for 21m 28s so far');
    expect(renderStatusPlain(queued)).toContain('no data tables yet');
  });

  it('marks an unknown status as such', () => {
    const odd = summarizeImport({ ...FIXTURE, status: 'paused' }, NOW);
    expect(lines(renderStatusPlain(odd))[0]).toBe(`import ${ID}: paused (unknown status), 100%`);
  });

  it('escapes server text', () => {
    const hostile = structuredClone(FIXTURE);
    hostile.id = 'id\u001b[2J';
    hostile.data_tables_details[1]!.data_table_key = 'opp\u202e';
    hostile.data_tables_details[1]!.error!.title = 'Bad\u0007';
    const out = renderStatusPlain(summarizeImport(hostile, NOW));
    expect(out).toContain('id\\u001b[2J');
    expect(out).toContain('opp\\u202e');
    expect(out).toContain('Bad\\u0007');
    expect(out).not.toMatch(/[\u0007\u001b\u202e]/);
  });
});

describe('renderErrorsHint', () => {
  it('names the errors command when rows were rejected', () => {
    expect(renderErrorsHint(summary)).toBe(
      `1 row of import ${ID} was rejected: run \`qobra-imports errors ${ID}\` to see it`,
    );
  });

  it('says nothing when no row was rejected', () => {
    expect(
      renderErrorsHint(
        summarizeImport({ ...FIXTURE, data_tables_details: [FIXTURE.data_tables_details[0]!] }, NOW),
      ),
    ).toBeUndefined();
  });
});

describe('renderStatusTerminal', () => {
  it('states every fact of the example on a wide terminal', () => {
    const text = terminal(160);
    for (const fact of [
      ID,
      'finished with errors',
      '100%',
      'created 2024-06-25 09:58:32 UTC',
      'launched 2024-06-25 10:03:27 UTC',
      'finished 2024-06-25 10:14:12 UTC',
      'queued 4m 55s',
      'ran 10m 45s',
      'companies',
      'opportunities',
      '122',
      `${TITLE}: ${DESCRIPTION}`,
    ]) {
      expect(text).toContain(fact);
    }
  });

  it('shows a dash for unknown records and the rejected row count', () => {
    const rows = lines(terminal(160));
    const opportunities = rows.find((line) => line.includes('opportunities'))!;
    const cells = opportunities.split('│').map((cell) => cell.trim());
    expect(cells).toContain('–');
    expect(cells).toContain('1');
    const header = rows
      .find((line) => line.includes('Data table'))!
      .split('│')
      .map((cell) => cell.trim());
    expect(cells[header.indexOf('Rejected')]).toBe('1');
    expect(cells[header.indexOf('Records')]).toBe('–');
  });

  it.each([160, 100, 80])('fits %i columns and keeps the key facts', (columns) => {
    const text = terminal(columns);
    for (const line of lines(text)) expect(displayWidth(line), line).toBeLessThanOrEqual(columns);
    expect(text).toContain(ID);
    expect(text).toContain('companies');
    expect(text).toContain('122');
    expect(text).toContain('–');
    expect(text).toContain('ran 10m 45s');
  });

  it('adds no escape codes when colour is off', () => {
    expect(terminal(100)).not.toContain('\u001b');
  });

  it('colours by outcome when colour is on', () => {
    const coloured = renderStatusTerminal(summary, { chalk: new Chalk({ level: 1 }), columns: 100 });
    expect(coloured).toContain('\u001b[31m');
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(terminal(100));
  });
});
