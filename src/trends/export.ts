import { METRICS, type MetricName, type TrendRecord } from './trends.types';

/** One period of one cohort, flat for plotting; a withheld figure is null. */
export type SeriesRow = {
  periodStart: string;
  periodEnd: string;
  contributors: number | null;
  k: number;
  epsilon: number;
} & Record<MetricName, number | null>;

export interface TrendSeries {
  cohortId: string;
  rows: SeriesRow[];
}

export const SERIES_COLUMNS = [
  'periodStart',
  'periodEnd',
  'contributors',
  ...METRICS,
  'k',
  'epsilon',
] as const;

/**
 * A cohort's published series in period order, one row per period (the latest record of a period
 * wins). Built only from trends.v1 records, which hold no per-person data; as a second line of
 * defence a record below k or a metric listed as suppressed exports as empty.
 */
export function toSeries(records: readonly TrendRecord[], cohortId: string): TrendSeries {
  const byPeriod = new Map<string, SeriesRow>();
  for (const r of records) {
    if (r.cohortId !== cohortId) continue;
    const shown = r.contributors !== null && r.contributors >= r.privacy.k;
    const row = {
      periodStart: r.period.start,
      periodEnd: r.period.end,
      contributors: shown ? r.contributors : null,
      k: r.privacy.k,
      epsilon: r.privacy.epsilon,
    } as SeriesRow;
    for (const m of METRICS) row[m] = shown && !r.privacy.suppressed.includes(m) ? r.metrics[m] : null;
    byPeriod.set(`${r.period.start}/${r.period.end}`, row);
  }
  const rows = [...byPeriod.values()].sort((a, b) => Date.parse(a.periodStart) - Date.parse(b.periodStart));
  return { cohortId, rows };
}

export function seriesToJson(series: TrendSeries): string {
  return JSON.stringify({ schema: 'trends-series.v1', columns: SERIES_COLUMNS, ...series });
}

/** RFC 4180 CSV with a header row; cohort first so a file passed around keeps its context. */
export function seriesToCsv(series: TrendSeries): string {
  const header = ['cohortId', ...SERIES_COLUMNS].join(',');
  const lines = series.rows.map((row) =>
    [csvText(series.cohortId), ...SERIES_COLUMNS.map((c) => csvCell(row[c]))].join(','),
  );
  return `${[header, ...lines].join('\r\n')}\r\n`;
}

function csvCell(v: string | number | null): string {
  if (v === null) return '';
  return typeof v === 'number' ? String(v) : csvText(v);
}

/** Quotes when needed and defuses spreadsheet formulas (=, +, -, @ at the start of text). */
function csvText(s: string): string {
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
