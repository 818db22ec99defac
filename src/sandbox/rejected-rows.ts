/**
 * Seeded, realistic rejected rows for the scenarios: opportunities with French-style decimals,
 * dates in the wrong order, deals owned by people who are not users, and so on. Every generator
 * takes a seed, so a scenario serves the same rows on every run and machine.
 */
import {
  dateFailure,
  describeFailure,
  emailFailure,
  type Failure,
  floatFailure,
  userFailure,
} from './failures.js';
import { createPrng, type Prng } from './prng.js';
import { KNOWN_USER_EMAILS } from './tables.js';
import type { ImportError, ParsingErrorDetail } from './types.js';

const FIRST_NAMES = [
  'jean',
  'marie',
  'lucas',
  'ines',
  'hugo',
  'lea',
  'karim',
  'sofia',
  'tom',
  'nina',
  'paul',
];
const LAST_NAMES = ['moreau', 'girard', 'fontaine', 'roux', 'nguyen', 'mercier', 'blanc', 'garnier', 'faure'];
const DOMAINS = ['acme.io', 'northwind.com', 'globex.fr', 'initech.eu'];
const COMPANIES = [
  'Acme Corp',
  'Globex',
  'Initech',
  'Umbrella SAS',
  'Hooli',
  'Stark Industries',
  'Wayne Ent.',
];
const PRODUCTS = [
  'Annual License',
  'Professional Plan',
  'Onboarding',
  'Renewal 2024',
  'Upsell seats',
  'Pilot',
];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'September', 'October'];

const pad2 = (n: number): string => String(n).padStart(2, '0');

function goodDate(rng: Prng): string {
  return `2024-${pad2(rng.int(1, 12))}-${pad2(rng.int(1, 28))}`;
}

function goodAmount(rng: Prng): string {
  return `${rng.int(500, 250_000)}.${pad2(rng.int(0, 99))}`;
}

/** Amounts as people type them in spreadsheets: decimal commas, currency signs, placeholders. */
function badAmount(rng: Prng): string {
  switch (rng.int(0, 7)) {
    case 0:
    case 1:
      return `${rng.int(1, 99)},${rng.int(1, 9)}`;
    case 2:
      return `${rng.int(1, 99)} ${rng.int(100, 999)},00`;
    case 3:
      return `€${rng.int(100, 9999)}`;
    case 4:
      return `${rng.int(2, 90)}k`;
    case 5:
      return `$${rng.int(1, 9)},${rng.int(100, 999)}.00`;
    case 6:
      return rng.pick(['N/A', 'TBD', '-', 'n/a', 'AAAAA']);
    default:
      return `${rng.int(1, 9)}.${rng.int(100, 999)},${pad2(rng.int(0, 99))}`;
  }
}

/** Dates in day-first, month-first or spelled-out forms, and a few impossible ones. */
function badDate(rng: Prng): string {
  const day = rng.int(1, 28);
  const month = rng.int(1, 12);
  switch (rng.int(0, 5)) {
    case 0:
    case 1:
      return `${pad2(rng.int(13, 28))}/${pad2(month)}/2024`;
    case 2:
      return `${pad2(month)}-${pad2(day)}-2024`;
    case 3:
      return `${rng.pick(MONTHS)} ${day}, 2024`;
    case 4:
      return `2024-${pad2(rng.pick([2, 4, 6, 9, 11]))}-31`;
    default:
      return `2024/${pad2(month)}/${pad2(day)}`;
  }
}

function person(rng: Prng): { email: string; name: string } {
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const cap = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
  return { email: `${first}.${last}@${rng.pick(DOMAINS)}`, name: `${cap(first)} ${cap(last)}` };
}

/** Puts a bad value in the row and returns the failure it causes. */
function spoil(
  row: Record<string, string>,
  column: string,
  value: string,
  failure: (column: string, value: string) => Failure,
): Failure {
  row[column] = value;
  return failure(column, value);
}

export interface RejectedRow {
  row: Record<string, string>;
  failure: Failure;
}

/** One rejected row of a table; different tables have different columns and failures. */
export type RowRecipe = (rng: Prng, index: number) => RejectedRow;

export const opportunityRow: RowRecipe = (rng, index) => {
  const row: Record<string, string> = {
    id: String(100_000 + index * 7 + rng.int(0, 6)),
    name: `${rng.pick(COMPANIES)} - ${rng.pick(PRODUCTS)}`,
    user: rng.pick(KNOWN_USER_EMAILS),
    amount: goodAmount(rng),
    close_date: goodDate(rng),
  };
  // Exports from some CRMs carry extra columns the table does not have.
  if (rng.chance(0.2)) row.currency = rng.pick(['EUR', 'USD', 'GBP']);
  if (rng.chance(0.1)) row.stage = rng.pick(['Closed Won', 'Negotiation', 'Contract sent']);
  const roll = rng.next();
  let failure: Failure;
  if (roll < 0.45) failure = spoil(row, 'amount', badAmount(rng), floatFailure);
  else if (roll < 0.75) failure = spoil(row, 'close_date', badDate(rng), dateFailure);
  else failure = spoil(row, 'user', person(rng).email, userFailure);
  return { row, failure };
};

export const paymentRow: RowRecipe = (rng, index) => {
  const row: Record<string, string> = {
    id: `PAY-${String(40_000 + index).padStart(6, '0')}`,
    opportunity_id: String(rng.int(100_000, 999_999)),
    amount: goodAmount(rng),
    paid_at: goodDate(rng),
  };
  if (rng.chance(0.15)) row.comment = rng.pick(['wire transfer', 'partial payment', 'credit note applied']);
  let failure: Failure;
  if (rng.chance(0.6)) failure = spoil(row, 'paid_at', badDate(rng), dateFailure);
  else failure = spoil(row, 'amount', badAmount(rng), floatFailure);
  return { row, failure };
};

export const userRow: RowRecipe = (rng) => {
  const someone = person(rng);
  const row: Record<string, string> = { email: someone.email, name: someone.name, quota: goodAmount(rng) };
  if (rng.chance(0.3)) row.team = rng.pick(['Sales FR', 'Sales DACH', 'SDR', 'Customer Success']);
  const failure = rng.chance(0.6)
    ? spoil(row, 'quota', badAmount(rng), floatFailure)
    : spoil(
        row,
        'email',
        rng.pick([someone.email.replace('@', ' at '), someone.email.split('@')[0] ?? '']),
        emailFailure,
      );
  return { row, failure };
};

export interface RejectedRowsOptions {
  seed: number;
  count: number;
  recipe: RowRecipe;
  /** Largest step between two rejected lines: most lines of a file parse fine. */
  maxGap?: number;
}

/** Walks the rows without keeping them, so the big scenario can write them as text as it goes. */
export function forEachRejectedRow(
  options: RejectedRowsOptions,
  visit: (detail: ParsingErrorDetail, failure: Failure) => void,
): void {
  const rng = createPrng(options.seed);
  let line = rng.int(1, 12);
  for (let index = 0; index < options.count; index++) {
    const { row, failure } = options.recipe(rng, index);
    visit({ line_number: line, row, details: failure.details }, failure);
    line += rng.int(1, options.maxGap ?? 9);
  }
}

/** `count` parsing-error details with rising, realistic line numbers (1-based, as Qobra counts). */
export function rejectedRows(options: RejectedRowsOptions): ParsingErrorDetail[] {
  const details: ParsingErrorDetail[] = [];
  forEachRejectedRow(options, (detail) => details.push(detail));
  return details;
}

/** A table's `error`; its description names the first rejected value, like the documented example's. */
export function parsingError(options: RejectedRowsOptions): ImportError {
  const details: ParsingErrorDetail[] = [];
  let first: Failure | undefined;
  forEachRejectedRow(options, (detail, failure) => {
    first ??= failure;
    details.push(detail);
  });
  return errorOf(first, details);
}

export function errorOf(first: Failure | undefined, details: ParsingErrorDetail[]): ImportError {
  return {
    title: 'ParsingError',
    description: first ? describeFailure(first) : 'ParsingError',
    parsing_error_details: details,
  };
}
