// Big import bodies for the benchmarks, written at bench time into a scratch file (never committed):
// the documented shape `{"data_import":{…,"data_tables_details":[{…,"error":{"title","description",
// "parsing_error_details":[{"line_number","row","details"}]}}]}}`, two data tables of rejected rows
// (64% / 36%), seeded so every run serves the same bytes. Rows are written as text in batches, so a
// million rows cost the bench a few MiB, not a parse tree.
import { closeSync, openSync, writeSync } from 'node:fs';

/** mulberry32: small, fast and good enough for plausible rows. */
function prng(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  return { int, pick: (list) => list[int(0, list.length - 1)] };
}

const COMPANIES = [
  'Acme Corp',
  'Globex',
  'Initech',
  'Umbrella SAS',
  'Hooli',
  'Stark Industries',
  'Wayne "W" Ent.',
];
const PRODUCTS = [
  'Annual License',
  'Professional Plan',
  'Onboarding',
  'Renewal 2024',
  'Upsell seats',
  'Pilot',
];
const PEOPLE = ['alice.martin', 'bruno.dupont', 'emma.laurent', 'lea.moreau', 'karim.roux', 'sofia.blanc'];
const DOMAINS = ['example.fr', 'acme.io', 'globex.fr', 'initech.eu'];
const BAD_AMOUNTS = ['$2,341.00', '12,5', 'N/A', '€4300', '15k', '1 250,00', 'TBD'];
const pad2 = (n) => String(n).padStart(2, '0');
const date = (r) => `2024-${pad2(r.int(1, 12))}-${pad2(r.int(1, 28))}`;

/** Sandbox-like text rows: a few string columns, sometimes an extra one, ~215 bytes a row in all. */
function textRow(r, table, n) {
  const company = r.pick(COMPANIES);
  if (table === 0) {
    const amount = r.int(0, 2) === 0 ? r.pick(BAD_AMOUNTS) : `${r.int(500, 250_000)}.${pad2(r.int(0, 99))}`;
    const row = {
      id: String(100_000 + n),
      name: `${company} - ${r.pick(PRODUCTS)}`,
      user: `${r.pick(PEOPLE)}@${r.pick(DOMAINS)}`,
      amount,
      close_date: date(r),
    };
    if (r.int(0, 9) === 0) row.currency = r.pick(['USD', 'EUR', 'GBP']);
    return { row, details: `ValueError: could not convert string to float: '${amount}'` };
  }
  const paidAt = `${pad2(r.int(1, 28))}/${pad2(r.int(1, 12))}/2024`;
  const row = {
    id: `P-${200_000 + n}`,
    opportunity_id: String(100_000 + r.int(0, 999_999)),
    amount: `${r.int(10, 99_999)},${pad2(r.int(0, 99))}`,
    paid_at: paidAt,
    comment: `${company}, instalment ${r.int(1, 12)}`,
  };
  return { row, details: `ValueError: time data '${paidAt}' does not match format '%Y-%m-%d'` };
}

/**
 * Number literals that JSON.parse rounds or alters (a trailing zero, 20 digits, out of range, -0, more
 * digits than a double holds), as text: 'numbers' writes them bare, 'quoted-numbers' as strings.
 */
function numberRow(r, table, n) {
  const literals = {
    id: `${12345678901234567890n + BigInt(n)}`,
    amount: `${r.int(1, 99_999)}.${r.int(1, 9)}0`,
    quantity: r.pick(['1e400', '-0', '1.0', '2.50', '-1E-400']),
    rate: `0.${r.int(1, 9)}00000000000000000${r.int(1, 9)}`,
  };
  return { literals, name: `${r.pick(COMPANIES)} - ${r.pick(PRODUCTS)}`, table, close: date(r) };
}

function numberRowText({ literals, name, close }, quoted) {
  const value = (text) => (quoted ? `"${text}"` : text);
  const { id, amount, quantity, rate } = literals;
  return `{"id":${value(id)},"name":${JSON.stringify(name)},"amount":${value(amount)},"quantity":${value(quantity)},"rate":${value(rate)},"close_date":"${close}"}`;
}

const TABLES = [
  { key: 'opportunities', type: 'api', records: 183_412, share: 0.64 },
  { key: 'payments', type: 'csv', records: null, share: 0.36 },
];

/**
 * Writes an import with `rows` rejected rows to `file`. `values`: 'text' (sandbox-like strings),
 * 'numbers' or 'quoted-numbers' (the same rows, literals bare or quoted). Returns the body's size
 * and the JSON text of the first `keep` rows' `row` objects, in the order the API lists them.
 */
export function writeImportBody(file, { id, rows, values = 'text', keep = 1_000 }) {
  const fd = openSync(file, 'w');
  let bytes = 0;
  const write = (text) => {
    bytes += writeSync(fd, text);
  };
  const firstRows = [];
  try {
    write(
      `{"data_import":{"id":${JSON.stringify(id)},"created_at":"2026-11-30T09:00:00Z","launched_at":"2026-11-30T09:00:12Z","finished_at":"2026-11-30T09:21:00Z","status":"finished","progress":100,"data_tables_details":[`,
    );
    let done = 0;
    TABLES.forEach((table, t) => {
      const count = t === TABLES.length - 1 ? rows - done : Math.round(rows * table.share);
      const r = prng(0xb16 + t);
      const error = {
        title: 'ParsingError',
        description: `Could not parse ${count.toLocaleString('en-US')} rows of ${table.key}`,
      };
      const head = JSON.stringify({
        type: table.type,
        status: 'finished',
        data_table_key: table.key,
        progress: 100,
        number_of_records: table.records,
        error,
      });
      write(`${t ? ',' : ''}${head.slice(0, -2)},"parsing_error_details":[`);
      let batch = [];
      let line = 1;
      for (let n = 0; n < count; n++) {
        line += r.int(1, 4);
        let rowText;
        let details;
        if (values === 'text') {
          const made = textRow(r, t, n);
          rowText = JSON.stringify(made.row);
          details = made.details;
        } else {
          rowText = numberRowText(numberRow(r, t, n), values === 'quoted-numbers');
          details = 'ValueError: value out of range for this attribute';
        }
        if (firstRows.length < keep) firstRows.push(rowText);
        batch.push(`{"line_number":${line},"row":${rowText},"details":${JSON.stringify(details)}}`);
        if (batch.length === 5_000) {
          write(`${n + 1 > 5_000 ? ',' : ''}${batch.join(',')}`);
          batch = [];
        }
      }
      if (batch.length) write(`${count > batch.length ? ',' : ''}${batch.join(',')}`);
      write(']}}');
      done += count;
    });
    write(']}}');
  } finally {
    closeSync(fd);
  }
  return { bytes, rows, firstRows };
}
