// The CI reports as their readers see them: the JUnit file through an XML parser and the JUnit
// schema Jenkins and GitLab document, the job summary through a Markdown parser, the workflow
// commands through GitHub's own unescaping rules, the summary JSON through JSON.parse, all with
// hostile server text.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { Lexer, type Tokens } from 'marked';
import { describe, expect, it } from 'vitest';
import type { DataImport } from '../../src/api/schema.js';
import { QiError } from '../../src/errors.js';
import type { ImportReport } from '../../src/model/import-report.js';
import { escapeData, escapeProperty, renderWorkflowCommands } from '../../src/render/github-commands.js';
import { markdownText, renderStepSummary } from '../../src/render/github-summary.js';
import { renderJunit } from '../../src/render/junit.js';
import { renderSummaryJson } from '../../src/render/summary-json.js';
import { aDataTable, aFailingTable, anImport, aParsingError, aRejectedRow } from '../helpers/builders.js';
import { HOSTILE } from '../helpers/hostile.js';

const NOW = Date.parse('2024-06-25T10:20:00Z');
const hostileImport = (): DataImport =>
  anImport({
    data_tables_details: [
      aDataTable(),
      aFailingTable(
        Array.from({ length: 103 }, (_, i) =>
          aRejectedRow({ line_number: i + 2, details: `${HOSTILE} #${i}` }),
        ),
        {
          data_table_key: `opp${HOSTILE}`,
          error: aParsingError([], { title: HOSTILE, description: HOSTILE }),
        },
      ),
      aDataTable({ data_table_key: 'users', status: 'started', progress: 40 }),
    ],
  });

// aFailingTable's overrides replace `error` whole: put the rows back in.
function withRows(dataImport: DataImport): DataImport {
  const failing = dataImport.data_tables_details[1];
  if (failing?.error) {
    failing.error.parsing_error_details = Array.from({ length: 103 }, (_, i) =>
      aRejectedRow({ line_number: i + 2, details: `${HOSTILE} #${i}` }),
    );
  }
  return dataImport;
}

const reports = (): ImportReport[] => [
  { id: '647a13fe875af4b4eb7133c2', dataImport: withRows(hostileImport()), stoppedWaiting: 'timeout' },
  {
    id: '647a13fe875af4b4eb7133c3',
    error: new QiError('not_found', `import 647a13fe875af4b4eb7133c3 not found ${HOSTILE}`),
  },
];

// Element → the attributes the JUnit schema (Jenkins' junit-10.xsd, GitLab's docs) allows on it.
const SCHEMA: Record<string, readonly string[]> = {
  testsuites: ['name', 'tests', 'failures', 'errors', 'skipped', 'time'],
  testsuite: ['name', 'tests', 'failures', 'errors', 'skipped', 'time', 'timestamp'],
  testcase: ['classname', 'name', 'time'],
  failure: ['message', 'type'],
  error: ['message', 'type'],
  skipped: ['message'],
};
const CHILDREN: Record<string, readonly string[]> = {
  testsuites: ['testsuite'],
  testsuite: ['testcase'],
  testcase: ['failure', 'error', 'skipped'],
  failure: [],
  error: [],
  skipped: [],
};

type Node = Record<string, unknown>;
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseAttributeValue: false,
  parseTagValue: false,
  // Character references (&#10;) decoded, as every XML parser does.
  htmlEntities: true,
  isArray: (name) => ['testsuite', 'testcase'].includes(name),
});

/** Every element and attribute is one the schema names, in the place it names it. */
function checkSchema(name: string, node: Node): void {
  for (const key of Object.keys(node)) {
    if (key.startsWith('@')) expect(SCHEMA[name], `${name}@${key}`).toContain(key.slice(1));
    else if (key !== '#text') expect(CHILDREN[name], `${name} > ${key}`).toContain(key);
  }
  for (const child of CHILDREN[name] ?? []) {
    const value = node[child];
    const children = (Array.isArray(value) ? value : value === undefined ? [] : [value]) as (Node | string)[];
    for (const each of children) checkSchema(child, typeof each === 'string' ? {} : each);
  }
}

const count = (node: Node, name: string): number => Number(node[`@${name}`]);

describe('renderJunit', () => {
  const xml = renderJunit(reports(), NOW);
  const doc = parser.parse(xml) as { testsuites: Node };
  const suites = doc.testsuites.testsuite as Node[];

  it('is well-formed XML whatever the server sent', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\ud800]/);
  });

  it('uses only the elements and attributes of the JUnit schema', () => {
    checkSchema('testsuites', doc.testsuites);
  });

  it('has counts that add up on every level', () => {
    let totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
    for (const suite of suites) {
      const cases = suite.testcase as Node[];
      const has = (name: string) => cases.filter((c) => c[name] !== undefined).length;
      expect(count(suite, 'tests')).toBe(cases.length);
      expect(count(suite, 'failures')).toBe(has('failure'));
      expect(count(suite, 'errors')).toBe(has('error'));
      expect(count(suite, 'skipped')).toBe(has('skipped'));
      totals = {
        tests: totals.tests + cases.length,
        failures: totals.failures + has('failure'),
        errors: totals.errors + has('error'),
        skipped: totals.skipped + has('skipped'),
      };
    }
    expect(totals).toEqual({ tests: 4, failures: 1, errors: 1, skipped: 1 });
    for (const name of ['tests', 'failures', 'errors', 'skipped'] as const)
      expect(count(doc.testsuites, name)).toBe(totals[name]);
  });

  it('names a suite per import and a case per data table, timed from the import', () => {
    const [first, second] = suites as [Node, Node];
    expect(first['@name']).toBe('647a13fe875af4b4eb7133c2');
    expect(first['@timestamp']).toBe('2024-06-25T09:58:32');
    const cases = first.testcase as Node[];
    expect(cases.map((c) => c['@classname'])).toEqual(Array(3).fill('647a13fe875af4b4eb7133c2'));
    expect(cases[0]?.['@name']).toBe('companies');
    expect(cases[0]?.['@time']).toBe('645.000'); // launched 10:03:27 → finished 10:14:12
    const error = (second.testcase as Node[])[0]?.error as Node;
    expect(error['@type']).toBe('not_found');
    expect(error['@message']).toContain('import 647a13fe875af4b4eb7133c3 not found');
  });

  it('keeps server text as text: escaped, forbidden characters made visible, line breaks kept', () => {
    const cases = (suites[0] as Node).testcase as Node[];
    const failing = cases[1] as Node;
    expect(failing['@name']).toBe(
      `opp50% <b>&amp;</b> "q" 'a'\r\n::error::pwned, k:v | cell\\u0000\\u0007\\u001b[31m\\u0085\\ufffe\\ud800 ]]> \`x\` [l](http://e)`,
    );
    const failure = failing.failure as Node;
    expect(failure['@message']).toContain('<b>&amp;</b>');
    const body = String(failure['#text']).split('\n');
    // 100 rows listed, each on its line (the hostile CR/LF inside a row stay inside its text), then the rest counted.
    expect(body.filter((line) => line.startsWith('line '))).toHaveLength(100);
    expect(body.at(-1)).toBe('… and 3 more rows');
    const skipped = (cases[2] as Node).skipped as Node;
    expect(skipped['@message']).toBe('still started, 40% when the watch timed out');
  });
});

/** GitHub's runner unescaping (ActionCommand.cs): data, then properties. */
const unescapeData = (text: string) => text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeProperty = (text: string) =>
  text
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%');

describe('workflow commands', () => {
  it('escape data and properties as GitHub specifies', () => {
    expect(escapeData('100% a\r\nb, c:d')).toBe('100%25 a%0D%0Ab, c:d');
    expect(escapeProperty('100% a\r\nb, c:d')).toBe('100%25 a%0D%0Ab%2C c%3Ad');
    expect(escapeData('%0A')).toBe('%250A');
    expect(unescapeProperty(escapeProperty('a%3A,:%25'))).toBe('a%3A,:%25');
  });

  it('give one line per command, none started by server text, and round-trip the messages', () => {
    const text = renderWorkflowCommands(reports());
    const lines = text.split('\n').slice(0, -1);
    const commands = lines.filter((line) => line.startsWith('::'));
    // Every line is ours: a command, or a rejected row inside a group.
    for (const line of lines)
      expect(line.startsWith('::') || line.startsWith('line ') || line.startsWith('… and')).toBe(true);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u0085]/);
    expect(commands.map((line) => /^::([a-z]+)/.exec(line)?.[1])).toEqual([
      'error',
      'group',
      'endgroup',
      'warning',
      'error',
    ]);
    const error = /^::error title=([^:]*)::(.*)$/.exec(commands[0] ?? '');
    expect(error).not.toBeNull();
    const [, title, message] = error as RegExpExecArray;
    expect(title).not.toMatch(/[,:]/);
    expect(unescapeProperty(title ?? '')).toContain(
      `data table opp50% <b>&amp;</b> "q" 'a'\r\n::error::pwned, k:v`,
    );
    expect(unescapeData(message ?? '')).toContain(`${HOSTILE.slice(0, 30)}`);
    expect(unescapeData(message ?? '')).toContain('(103 rejected rows)');
    expect(commands[3]).toMatch(/^::warning title=.*::users: still started, 40%25 when the watch timed out$/);
  });
});

describe('step summary', () => {
  const markdown = renderStepSummary(reports());
  const tokens = new Lexer({ gfm: true }).lex(markdown);
  const tables = tokens.filter((token): token is Tokens.Table => token.type === 'table');

  it('has tables whose every row has as many cells as the header', () => {
    expect(tables.length).toBeGreaterThanOrEqual(2);
    for (const table of tables) {
      for (const row of table.rows) expect(row).toHaveLength(table.header.length);
    }
    expect(tables[0]?.header.map((cell) => cell.text)).toEqual([
      'Data table',
      'Status',
      'Records',
      'Rejected rows',
    ]);
    expect(tables[0]?.rows).toHaveLength(3);
  });

  it('lets no server text become HTML or Markdown structure', () => {
    const html = tokens.flatMap(function walk(token): string[] {
      const nested = 'tokens' in token && Array.isArray(token.tokens) ? token.tokens.flatMap(walk) : [];
      const cells =
        token.type === 'table'
          ? [...(token as Tokens.Table).header, ...(token as Tokens.Table).rows.flat()].flatMap((cell) =>
              cell.tokens.flatMap(walk),
            )
          : [];
      return [
        ...(['html', 'link', 'codespan', 'strong', 'em'].includes(token.type) && token.raw !== '<br>'
          ? [token.raw]
          : []),
        ...nested,
        ...cells,
      ];
    });
    // Only our own code span (the command to see the rows) and <br> line breaks.
    expect(html).toEqual(['`qobra-imports errors 647a13fe875af4b4eb7133c2`']);
    expect(markdownText('a|b\nc<d>')).toBe('a\\|b<br>c&lt;d&gt;');
    // Nor GitHub's autolinks, references and math.
    expect(markdownText('www.a.io me@x.io #1 $x$ http://e')).toBe(
      'www\\.a\\.io me\\@x\\.io \\#1 \\$x\\$ http\\://e',
    );
  });

  it('says the outcome, the top problems and the command to see the rows', () => {
    expect(markdown).toContain('Import 647a13fe875af4b4eb7133c2: finished with errors');
    expect(markdown).toContain('could not be checked');
    expect(markdown).toContain('Top problems in');
  });
});

describe('summary JSON', () => {
  it('is one object with the exit code, its name and each import', () => {
    const summary = JSON.parse(renderSummaryJson(124, reports()));
    expect(summary).toMatchObject({ exit_code: 124, exit_name: 'timeout' });
    expect(summary.imports[0]).toMatchObject({
      id: '647a13fe875af4b4eb7133c2',
      status: 'finished',
      progress: 100,
      outcome: 'failed',
      records: 244,
      rejected_rows: 103,
      error_titles: [HOSTILE],
    });
    expect(summary.imports[0].tables).toHaveLength(3);
    expect(summary.imports[1]).toMatchObject({
      id: '647a13fe875af4b4eb7133c3',
      status: null,
      outcome: 'error',
    });
    expect(summary.imports[1].error).toMatchObject({ code: 'not_found', exit_code: 3 });
  });
});
