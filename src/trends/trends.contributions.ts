import { HRV, RHR } from '../baseline/baseline.state';
import { NORMAL_BAND_K, type PersonalNormal, personalNormal, SCALE_FLOORS } from '../baseline/baseline.stats';
import { mean } from '../baseline/robust.stats';
import type { Contribution } from './trends.types';

/** One person's values for one night (several sources on a night are merged first). */
export interface NightValues {
  night: string;
  lnRmssd?: number;
  /** ln SDNN, for people whose device measures only SDNN; never mixed with ln RMSSD. */
  lnSdnn?: number;
  sleepH?: number;
  rhrBpm?: number;
}

/**
 * The personal normal is the warnings' one (baseline.stats personalNormal: median, floored MAD scale,
 * band ± NORMAL_BAND_K scales). What differs is only which nights it is taken over, and why:
 * trends read the `daily` points of the BASELINE_NIGHTS nights before the period, while the
 * warnings' ring also leaves out nights evaluated at watch or warning. Trends cannot: warning
 * states exist only for people with early-warning consent, and a trend must not depend on it.
 */
export const BASELINE_NIGHTS = 60;
/** How far back the baseline nights are looked for. */
export const BASELINE_LOOKBACK_DAYS = 90;
/** Cold start, as for warnings (DESIGN §4): no deviation before 14 valid nights. */
export const MIN_BASELINE_NIGHTS = 14;

type Field = 'lnRmssd' | 'lnSdnn' | 'sleepH' | 'rhrBpm';
const FIELDS: readonly Field[] = ['lnRmssd', 'lnSdnn', 'sleepH', 'rhrBpm'];

/** One entry per night, oldest first; a field present from several sources is averaged. */
export function mergeNights(rows: readonly NightValues[]): NightValues[] {
  // most people have one source: nights already in order, one row each, nothing to average
  if (rows.every((r, i) => i === 0 || rows[i - 1]!.night < r.night)) return rows.map(finiteOnly);
  const byNight = new Map<string, Record<Field, number[]>>();
  for (const r of rows) {
    const acc = byNight.get(r.night) ?? { lnRmssd: [], lnSdnn: [], sleepH: [], rhrBpm: [] };
    byNight.set(r.night, acc);
    for (const f of FIELDS) if (r[f] !== undefined && Number.isFinite(r[f])) acc[f].push(r[f]);
  }
  return [...byNight]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([night, acc]) => {
      const n: NightValues = { night };
      for (const f of FIELDS) if (acc[f].length > 0) n[f] = mean(acc[f]);
      return n;
    });
}

/** A night with its finite fields only (the mean of one value is the value). */
function finiteOnly(r: NightValues): NightValues {
  const n: NightValues = { night: r.night };
  for (const f of FIELDS) {
    const v = r[f];
    if (v !== undefined && Number.isFinite(v)) n[f] = v;
  }
  return n;
}

/** The personal normal of the latest BASELINE_NIGHTS values (oldest first); none before cold start. */
export function baselineOf(values: readonly number[], floor = 0): PersonalNormal | undefined {
  const last = values.slice(-BASELINE_NIGHTS);
  return last.length < MIN_BASELINE_NIGHTS ? undefined : personalNormal(last, floor);
}

/** Valid nights a period needs: one for a night, three for a week (HRV4Training's 3 of 7). */
export function minNights(periodDays: number): number {
  return Math.max(1, Math.ceil((periodDays * 3) / 7));
}

export interface PersonNights {
  /** Trend pseudonym of the person (never the subjectId). */
  id: string;
  cohorts: readonly string[];
  /** Merged nights inside the period. */
  period: readonly NightValues[];
  /** Merged nights before the period, oldest first. */
  history: readonly NightValues[];
  periodDays: number;
}

/**
 * One person's contribution to a period, each value relative to their own normal: mean ln RMSSD
 * (or ln SDNN) and resting HR of the period minus the median of their previous nights, whether the HRV
 * deviation leaves their normal band, and mean sleep. A value without enough nights is left out,
 * so the person does not count towards that metric.
 */
export function contributionOf(p: PersonNights): Contribution {
  const need = minNights(p.periodDays);
  // a run calls this for every person (100,000 × ~90 nights): plain loops, not flatMap's arrays
  const inPeriod = (f: Field) => valuesOf(p.period, f);
  const before = (f: Field) => valuesOf(p.history, f);
  const c: Contribution = { pid: p.id, cohorts: p.cohorts };

  // HRV in one measure: RMSSD where the person has enough of it, else SDNN (DESIGN §2). A
  // deviation in ln units is a ratio, so both measures give a comparable figure for the cohort.
  for (const f of ['lnRmssd', 'lnSdnn'] as const) {
    const hrv = inPeriod(f);
    const hrvBase = baselineOf(before(f), SCALE_FLOORS[HRV]);
    if (hrv.length < need || !hrvBase) continue;
    c.hrvDeviation = mean(hrv) - hrvBase.center;
    c.outsideNormal = Math.abs(c.hrvDeviation) > NORMAL_BAND_K * hrvBase.scale;
    break;
  }
  const rhr = inPeriod('rhrBpm');
  const rhrBase = baselineOf(before('rhrBpm'), SCALE_FLOORS[RHR]);
  if (rhr.length >= need && rhrBase) c.rhrDeviation = mean(rhr) - rhrBase.center;
  const sleep = inPeriod('sleepH');
  if (sleep.length >= need) c.sleepHours = mean(sleep);
  return c;
}

function valuesOf(nights: readonly NightValues[], f: Field): number[] {
  const out: number[] = [];
  for (const n of nights) {
    const v = n[f];
    if (v !== undefined) out.push(v);
  }
  return out;
}
