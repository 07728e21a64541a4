import { BASELINE_LOOKBACK_DAYS, type NightValues } from './trends.contributions';
import { addDays, dateMs } from './trends.periods';

/**
 * The trends' kept history: each person's merged nights (trends.contributions mergeNights), one
 * packed record per person and week, written by the trends job for the weeks its period touched.
 * A run then reads from `daily` only its period's nights and takes the baseline nights before the
 * period from these records: ~14 rows per person instead of ~270 (97 nights × 3 fields).
 *
 * A record says which nights of its week it covers (the run that wrote it had read them), so a
 * person with no value on a covered night had none, and a night not covered sends the person back to
 * `daily` (the first run, a new person, a run that was missed, a key rotation). Values are kept as
 * the 8 bytes of their double, so the baseline is exactly the one `daily` would give.
 */
export interface WeekRecord {
  /** Monday of the week, YYYY-MM-DD (nights are named by their wake-up date). */
  week: string;
  /** Bit d: the night week + d days is covered. */
  covered: number;
  /** Covered nights that have a value, oldest first. */
  nights: NightValues[];
}

const FIELDS = ['lnRmssd', 'lnSdnn', 'sleepH', 'rhrBpm'] as const;

/** Monday of the week a night (YYYY-MM-DD) belongs to. */
export function weekOf(night: string): string {
  const weekday = (new Date(dateMs(night)).getUTCDay() + 6) % 7;
  return addDays(night, -weekday);
}

/** Mondays of the weeks holding any night in [from, to], oldest first. */
export function weeksBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let w = weekOf(from); w <= to; w = addDays(w, 7)) out.push(w);
  return out;
}

const nightsOfWeek = new Map<string, string[]>();
/** The seven nights of a week (memoised: a run decodes ~14 weeks for every person). */
function daysOf(week: string): string[] {
  let days = nightsOfWeek.get(week);
  if (!days) {
    if (nightsOfWeek.size > 1_000) nightsOfWeek.clear();
    days = Array.from({ length: 7 }, (_, d) => addDays(week, d));
    nightsOfWeek.set(week, days);
  }
  return days;
}

/** Per covered night: a byte of which fields it has, then their doubles (little-endian). */
export function encodeWeek(r: WeekRecord): string {
  const byNight = new Map(r.nights.map((n) => [n.night, n]));
  const bytes: number[] = [r.covered & 0x7f];
  const values: number[] = [];
  for (let d = 0; d < 7; d++) {
    if ((r.covered & (1 << d)) === 0) continue;
    const n = byNight.get(daysOf(r.week)[d]!);
    let mask = 0;
    FIELDS.forEach((f, i) => {
      const v = n?.[f];
      if (v !== undefined && Number.isFinite(v)) {
        mask |= 1 << i;
        values.push(v);
      }
    });
    bytes.push(mask);
  }
  const buf = Buffer.alloc(bytes.length + values.length * 8);
  bytes.forEach((b, i) => {
    buf[i] = b;
  });
  values.forEach((v, i) => {
    buf.writeDoubleLE(v, bytes.length + i * 8);
  });
  return buf.toString('base64url');
}

export function decodeWeek(week: string, packed: string): WeekRecord {
  const buf = Buffer.from(packed, 'base64url');
  const covered = buf[0] ?? 0;
  const days: number[] = [];
  for (let d = 0; d < 7; d++) if (covered & (1 << d)) days.push(d);
  let at = 1 + days.length;
  if (buf.length < at) throw new Error('a kept week record is cut short');
  const nights: NightValues[] = [];
  days.forEach((d, k) => {
    const mask = buf[1 + k]!;
    if (mask === 0) return;
    const n: NightValues = { night: daysOf(week)[d]! };
    FIELDS.forEach((f, i) => {
      if ((mask & (1 << i)) === 0) return;
      if (buf.length < at + 8) throw new Error('a kept week record is cut short');
      n[f] = buf.readDoubleLE(at);
      at += 8;
    });
    nights.push(n);
  });
  return { week, covered, nights };
}

/** Which nights of which weeks a baseline before `start` reads: [start − lookback, start). */
export function baselineWeeks(start: string): { from: string; start: string; need: [string, number][] } {
  const from = addDays(start, -BASELINE_LOOKBACK_DAYS);
  const need: [string, number][] = weeksBetween(from, addDays(start, -1)).map((week) => {
    let mask = 0;
    for (let d = 0; d < 7; d++) {
      const night = addDays(week, d);
      if (night >= from && night < start) mask |= 1 << d;
    }
    return [week, mask];
  });
  return { from, start, need };
}

/**
 * The merged nights of the baseline window (baselineWeeks), oldest first, or undefined when a
 * night in it is not covered by the records.
 */
export function keptHistory(
  weeks: ReadonlyMap<string, WeekRecord>,
  window: ReturnType<typeof baselineWeeks>,
): NightValues[] | undefined {
  const out: NightValues[] = [];
  for (const [week, mask] of window.need) {
    const w = weeks.get(week);
    if (!w || (w.covered & mask) !== mask) return undefined;
    for (const n of w.nights) if (n.night >= window.from && n.night < window.start) out.push(n);
  }
  return out;
}

/**
 * The records to write after a period [start, end] was computed from `daily`: for each week it
 * touches, that week's kept nights outside the period and the period's merged nights (all covered).
 */
export function recordsAfter(
  weeks: ReadonlyMap<string, WeekRecord>,
  start: string,
  end: string,
  period: readonly NightValues[],
): WeekRecord[] {
  return weeksBetween(start, end).map((week) => {
    const old = weeks.get(week);
    let covered = old?.covered ?? 0;
    const days = daysOf(week);
    days.forEach((night, d) => {
      if (night >= start && night <= end) covered |= 1 << d;
    });
    const weekEnd = days[6]!;
    const kept = (old?.nights ?? []).filter((n) => n.night < start || n.night > end);
    const fresh = period.filter((n) => n.night >= week && n.night <= weekEnd);
    const nights = [...kept, ...fresh].sort((a, b) => (a.night < b.night ? -1 : 1));
    return { week, covered, nights };
  });
}
