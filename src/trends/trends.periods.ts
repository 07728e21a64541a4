import { type Period, TrendsError } from './trends.types';

/**
 * Trend periods are ranges of nights, named by their wake-up dates (as the `daily` measurement
 * names them), inclusive at both ends: a daily period is one date, a weekly one Monday to Sunday.
 */
export type PeriodKind = 'daily' | 'weekly';

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Longest period a caller may ask for: a month of nights. */
export const MAX_PERIOD_DAYS = 31;

export function dateMs(date: string): number {
  const ms = DATE.test(date) ? Date.parse(`${date}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) return Number.NaN;
  return ms;
}

export function addDays(date: string, days: number): string {
  return new Date(dateMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Nights in the period, both ends included. */
export function periodDays(p: Period): number {
  return Math.round((dateMs(p.end) - dateMs(p.start)) / DAY_MS) + 1;
}

export function kindOf(p: Period): PeriodKind | 'custom' {
  const days = periodDays(p);
  if (days === 1) return 'daily';
  return days === 7 && new Date(dateMs(p.start)).getUTCDay() === 1 ? 'weekly' : 'custom';
}

/**
 * The last complete period of a kind before `now` (UTC): yesterday's night, or last Monday to
 * Sunday. Scheduling runs well after midnight UTC gives late time zones and late syncs time to land.
 */
export function lastPeriod(kind: PeriodKind, now: Date): Period {
  const today = now.toISOString().slice(0, 10);
  if (kind === 'daily') {
    const d = addDays(today, -1);
    return { start: d, end: d };
  }
  const sinceMonday = (now.getUTCDay() + 6) % 7;
  const start = addDays(today, -sinceMonday - 7);
  return { start, end: addDays(start, 6) };
}

/** A period a caller may release: valid dates, end on or after start, at most a month. */
export function assertDatePeriod(p: Period): void {
  if (Number.isNaN(dateMs(p.start)))
    throw new TrendsError('trends-period-invalid', 'expected a YYYY-MM-DD date', 'period.start');
  if (Number.isNaN(dateMs(p.end)) || p.end < p.start)
    throw new TrendsError(
      'trends-period-invalid',
      'expected a YYYY-MM-DD date on or after start',
      'period.end',
    );
  if (periodDays(p) > MAX_PERIOD_DAYS)
    throw new TrendsError('trends-period-invalid', `at most ${MAX_PERIOD_DAYS} nights`, 'period.end');
}
