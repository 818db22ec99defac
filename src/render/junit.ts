/**
 * The JUnit XML report (`--junit FILE`), in the shape Jenkins, GitLab and Azure Pipelines read:
 * testsuites > testsuite (one per import) > testcase (one per data table) > failure | error | skipped.
 * A data table with an error fails, one still running is skipped, and an import that could not be
 * fetched is a suite holding one errored case. Counts on every level add up.
 */
import { PROGRAM } from '../format/talk-line.js';
import { importTimes } from '../model/durations.js';
import { type ImportReport, tableVerdict } from '../model/import-report.js';
import { notDoneReason, rejectedRowLines, tableErrorMessage } from './ci-words.js';
import { xmlAttributes, xmlText } from './xml.js';

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  time: number;
}

interface Suite extends Counts {
  xml: string;
}

const seconds = (ms: number | undefined): number => (ms === undefined ? 0 : ms / 1000);
const timeText = (s: number): string => s.toFixed(3);

/** The whole document for the imports of one run; `now` times imports still running. */
export function renderJunit(reports: readonly ImportReport[], now: number): string {
  const suites = reports.map((report) => renderSuite(report, now));
  const total = suites.reduce<Counts>(
    (sum, suite) => ({
      tests: sum.tests + suite.tests,
      failures: sum.failures + suite.failures,
      errors: sum.errors + suite.errors,
      skipped: sum.skipped + suite.skipped,
      time: sum.time + suite.time,
    }),
    { tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 },
  );
  const attributes = xmlAttributes({ name: PROGRAM, ...countAttributes(total) });
  const body = suites.map((suite) => suite.xml).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${attributes}>\n${body}</testsuites>\n`;
}

const countAttributes = ({ tests, failures, errors, skipped, time }: Counts) => ({
  tests,
  failures,
  errors,
  skipped,
  time: timeText(time),
});

function renderSuite(report: ImportReport, now: number): Suite {
  const dataImport = report.dataImport;
  if (report.error || !dataImport) return renderUnfetched(report);
  const times = importTimes(dataImport, now);
  // Qobra times the import, not each table: every table is given the import's running time.
  const time = seconds(times.ranMs);
  const counts: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0, time };
  const cases = dataImport.data_tables_details.map((table) => {
    counts.tests++;
    const verdict = tableVerdict(table);
    const open = `    <testcase${xmlAttributes({ classname: report.id, name: table.data_table_key, time: timeText(time) })}`;
    if (verdict === 'passed') return `${open}/>\n`;
    if (verdict === 'running') {
      counts.skipped++;
      return `${open}>\n      <skipped${xmlAttributes({ message: notDoneReason(table, report.stoppedWaiting) })}/>\n    </testcase>\n`;
    }
    counts.failures++;
    const message = tableErrorMessage(table);
    const rows = rejectedRowLines(table).join('\n');
    const failure = `<failure${xmlAttributes({ message, type: 'data_table_error' })}>${xmlText(rows)}</failure>`;
    return `${open}>\n      ${failure}\n    </testcase>\n`;
  });
  return { ...counts, xml: suiteXml(report.id, counts, times.createdAt, cases.join('')) };
}

/** An import the run could not fetch: one case carrying the failure's code name and message. */
function renderUnfetched(report: ImportReport): Suite {
  const counts: Counts = { tests: 1, failures: 0, errors: 1, skipped: 0, time: 0 };
  const code = report.error?.code ?? 'interrupted';
  const message = report.error?.message ?? `import ${report.id} was never fetched`;
  const testcase =
    `    <testcase${xmlAttributes({ classname: report.id, name: 'fetch import', time: timeText(0) })}>\n` +
    `      <error${xmlAttributes({ message, type: code })}/>\n    </testcase>\n`;
  return { ...counts, xml: suiteXml(report.id, counts, undefined, testcase) };
}

function suiteXml(id: string, counts: Counts, createdAt: number | undefined, cases: string): string {
  // The schema's timestamp is a date-time without a zone (UTC here), not whatever text the server sent.
  const timestamp = createdAt === undefined ? undefined : new Date(createdAt).toISOString().slice(0, 19);
  const attributes = xmlAttributes({ name: id, ...countAttributes(counts), timestamp });
  return `  <testsuite${attributes}>\n${cases}  </testsuite>\n`;
}
