import { ModelInputError } from '../../errors/ModelInputError.js';

/**
 * One subscriber (or `count` alike) for the sBG: how many periods she has paid for, and whether
 * she has churned. A churned customer's last period was `payments` (she did not renew into the
 * next one); an active one has paid `payments` periods and her next renewal is still to come.
 */
export interface SbgRow {
  /** Periods paid for, the first (acquisition) included: an integer >= 1. */
  readonly payments: number;
  /** True when she did not renew after her last paid period. */
  readonly churned: boolean;
  /** Customers with this row. Default `1`. */
  readonly count?: number;
}

/**
 * The input of the sBG likelihood and fit: one cohort's survivor counts (`survivors[t]` = active
 * at the start of period t, `survivors[0]` = cohort size), several cohorts observed for different
 * lengths, or subscriber rows (cohorts acquired at different times, each customer observed up to
 * the projection date).
 */
export type SbgInput =
  | readonly number[]
  | { readonly cohorts: readonly (readonly number[])[] }
  | { readonly rows: readonly SbgRow[] };

/**
 * Subscriber rows from any {@link SbgInput}, validated, with zero counts dropped and in a
 * canonical order (so that sums, hence fits, do not depend on the input order).
 */
export function toSbgRows(api: string, input: SbgInput): SbgRow[] {
  let rows: SbgRow[];
  if (Array.isArray(input)) {
    rows = rowsFromSurvivors(api, input as readonly number[], 'survivors');
  } else if (Array.isArray((input as { cohorts?: unknown }).cohorts)) {
    const cohorts = (input as { cohorts: readonly (readonly number[])[] }).cohorts;
    rows = cohorts.flatMap((survivors, i) => rowsFromSurvivors(api, survivors, `cohorts.${i}`));
  } else if (Array.isArray((input as { rows?: unknown }).rows)) {
    rows = (input as { rows: readonly SbgRow[] }).rows.map((row, i) => checkRow(api, row, i));
  } else {
    throw new ModelInputError(
      api,
      'input',
      'survivor counts, { cohorts: survivor counts[] } or { rows: { payments, churned, count? }[] }',
      input,
    );
  }
  const used = rows.filter((row) => (row.count ?? 1) > 0);
  if (used.length === 0) {
    throw new ModelInputError(
      api,
      'input',
      'at least one customer',
      rows.length === 0 ? 'none' : `${rows.length} row(s), each with count 0`,
      'Give the survivors of at least one cohort, or at least one subscriber row.',
    );
  }
  return used.sort(
    (a, b) =>
      a.payments - b.payments ||
      Number(a.churned) - Number(b.churned) ||
      (a.count ?? 1) - (b.count ?? 1),
  );
}

function checkRow(api: string, row: SbgRow, i: number): SbgRow {
  const payments = row?.payments;
  if (typeof payments !== 'number' || !Number.isSafeInteger(payments) || payments < 1) {
    throw new ModelInputError(
      api,
      `rows.${i}.payments`,
      'an integer >= 1 (periods paid for)',
      payments,
    );
  }
  if (typeof row.churned !== 'boolean') {
    throw new ModelInputError(api, `rows.${i}.churned`, 'true or false', row.churned);
  }
  const count = row.count ?? 1;
  if (typeof count !== 'number' || !Number.isFinite(count) || count < 0) {
    throw new ModelInputError(api, `rows.${i}.count`, 'a finite number >= 0 (customers)', count);
  }
  return { payments, churned: row.churned, count };
}

function rowsFromSurvivors(api: string, survivors: readonly number[], path: string): SbgRow[] {
  checkSurvivors(api, survivors, path);
  const rows: SbgRow[] = [];
  for (let t = 1; t < survivors.length; t++) {
    const lost = (survivors[t - 1] as number) - (survivors[t] as number);
    if (lost > 0) rows.push({ payments: t, churned: true, count: lost });
  }
  const last = survivors.length - 1;
  const active = survivors[last] as number;
  if (active > 0) rows.push({ payments: last + 1, churned: false, count: active });
  return rows;
}

/**
 * Throws `ModelInputError` unless `survivors` is a non-empty, non-increasing list of finite
 * counts >= 0 whose first entry (the cohort size) is > 0.
 */
export function checkSurvivors(
  api: string,
  survivors: readonly number[],
  path = 'survivors',
): void {
  if (!Array.isArray(survivors) || survivors.length === 0) {
    throw new ModelInputError(
      api,
      path,
      'a non-empty array: customers active at the start of periods 0, 1, 2, ...',
      survivors,
    );
  }
  let previous = Number.POSITIVE_INFINITY;
  survivors.forEach((count, t) => {
    if (typeof count !== 'number' || !Number.isFinite(count) || count < 0) {
      throw new ModelInputError(api, `${path}.${t}`, 'a finite count >= 0', count);
    }
    if (count > previous) {
      throw new ModelInputError(
        api,
        `${path}.${t}`,
        `at most ${path}.${t - 1} (${previous}): a cohort can only shrink`,
        count,
        'Count each period the customers of the original cohort still active, not new arrivals.',
      );
    }
    previous = count;
  });
  if ((survivors[0] ?? 0) <= 0) {
    throw new ModelInputError(api, `${path}.0`, 'the cohort size, > 0', survivors[0]);
  }
}
