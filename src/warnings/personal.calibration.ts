// A person's own calibration of the warnings, learned from what they told Respite (#20). Pure.
// - A dismissal with a passing cause (late night, travel, ill) explains that episode: the CuSum's
//   evidence is reset and, for a few days after the dismissed night, nights drain it but cannot
//   build it. It does not touch the future beyond those days.
// - "Not helpful" raises the person's CuSum reference value k by a bounded step that halves every
//   RAISE_HALF_LIFE_DAYS; the raise never exceeds RAISE_MAX, so a sustained strong shift still warns.
// - A check-in adds evidence in proportion to how well this person's check-ins have agreed with
//   their own nightly scores: a shrunken correlation over the last PAIR_SLOTS check-in nights, zero
//   until MIN_PAIRS of them.
// Folding is idempotent: the calibration remembers the latest input time it folded and takes only
// later inputs (identical duplicates once), so the caller may pass all of a person's inputs every night.
import { dayNumber } from '../night/night';
import type { Dismissal, DismissalReason, PersonalCheckIn, PersonalInputs } from './personal.inputs';

/** Step of the raise of k per "not helpful" (k is 1.8 in the default preset). */
export const RAISE_STEP = 0.2;
/** The raise of k never exceeds this (a night with a score ≥ k + RAISE_MAX + watchAt still adds evidence). */
export const RAISE_MAX = 0.6;
export const RAISE_HALF_LIFE_DAYS = 21;
/** A passing cause holds the evidence through the dismissed night's date + these days. */
export const GRACE_DAYS: Readonly<Record<Exclude<DismissalReason, 'not-helpful'>, number>> = {
  'late-night': 1,
  travel: 4,
  ill: 4,
};
/** A passing cause given more than this many days after its night no longer resets the evidence. */
export const PASSING_WINDOW_DAYS = 7;
/** Check-in nights remembered with their scores (the sliding window of the agreement). */
export const PAIR_SLOTS = 28;
/** No check-in weight before this many check-in nights. */
export const MIN_PAIRS = 10;
/** Shrinkage of the correlation: r · n / (n + PAIR_PRIOR). */
export const PAIR_PRIOR = 10;
/** The check-in weight never exceeds this (relative to the nightly score, whose noise is ~1). */
export const WEIGHT_MAX = 0.6;
/** A check-in's deviation from the person's own mean is clipped to ± this many of their SDs. */
export const CHECKIN_CLIP = 2;
/** The raise is kept on this grid (uint16 in the state), so a restored state continues bit for bit. */
export const RAISE_GRID = 1 / 1024;
/** Scores in the pair window are kept on this grid (int16). */
export const PAIR_SCORE_GRID = 1 / 1024;
/** A check-in value (1..5, the mean of stress and reversed sleep quality) on this grid (uint8). */
export const PAIR_X_GRID = 1 / 50;

export interface PersonalCalibration {
  /** Latest atMs folded (epoch ms); 0 before any input. */
  foldedUntilMs: number;
  /** Raise of k set on raiseDay, before its decay. */
  raise: number;
  raiseDay: number;
  /** Through this day number nights cannot add evidence (a passing cause); -1 none. */
  graceUntilDay: number;
  /** Check-in values (1..5) and physiological scores of the latest check-in nights, oldest first. */
  pairX: number[];
  pairScore: number[];
}

export function neutralCalibration(): PersonalCalibration {
  return { foldedUntilMs: 0, raise: 0, raiseDay: -1, graceUntilDay: -1, pairX: [], pairScore: [] };
}

/** What the calibration did on one night: the verdict's `personal` (absent when it did nothing). */
export interface CalibrationNote {
  /** Added to the CuSum reference value k by "not helpful" dismissals (0..RAISE_MAX). */
  thresholdShift: number;
  /** Weight of this person's check-ins in the evidence (0..WEIGHT_MAX), from their own agreement. */
  checkInWeight: number;
  /** Check-in nights in the agreement window. */
  checkInPairs: number;
  /** The night's check-in, as SDs from the person's own mean (stressed is positive); absent without one. */
  checkIn?: number;
  /** A passing cause explains the nights through this wake date: they do not build evidence. */
  explainedThrough?: string;
}

/** The raise in effect on `day`. */
export function raiseOn(c: PersonalCalibration, day: number): number {
  if (c.raise <= 0 || c.raiseDay < 0) return 0;
  return c.raise * 0.5 ** (Math.max(0, day - c.raiseDay) / RAISE_HALF_LIFE_DAYS);
}

export interface Folded {
  /** A passing cause for a recent night: reset the CuSum now. */
  resetEvidence: boolean;
  /** Mean check-in value (1..5) of the new check-ins; undefined without any. */
  checkIn?: number;
}

/** Folds the inputs not folded yet into `c` on evaluated-or-held night `day`. Mutates `c`. */
export function foldInputs(c: PersonalCalibration, inputs: PersonalInputs, day: number): Folded {
  const since = c.foldedUntilMs;
  const dismissals = fresh(inputs.dismissals, since, (d) => `${d.atMs}|${d.asOf}|${d.reason}`);
  const checkIns = fresh(inputs.checkIns, since, (x) => `${x.atMs}|${x.stress}|${x.sleepQuality}`);
  let resetEvidence = false;
  for (const d of dismissals) {
    c.foldedUntilMs = Math.max(c.foldedUntilMs, d.atMs);
    if (d.reason === 'not-helpful') {
      c.raise = onGrid(Math.min(RAISE_MAX, raiseOn(c, day) + RAISE_STEP), RAISE_GRID);
      c.raiseDay = day;
      continue;
    }
    const of = dayNumber(d.asOf);
    // a cause for a night in the future, or long past, explains nothing now
    if (!(day - of >= 0 && day - of <= PASSING_WINDOW_DAYS)) continue;
    resetEvidence = true;
    c.graceUntilDay = Math.max(c.graceUntilDay, of + GRACE_DAYS[d.reason]);
  }
  const xs: number[] = [];
  for (const x of checkIns) {
    c.foldedUntilMs = Math.max(c.foldedUntilMs, x.atMs);
    const v = checkInValue(x);
    if (Number.isFinite(v)) xs.push(v);
  }
  const checkIn = xs.length ? onGrid(xs.reduce((a, b) => a + b, 0) / xs.length, PAIR_X_GRID) : undefined;
  return { resetEvidence, ...(checkIn !== undefined ? { checkIn } : {}) };
}

/** 1 calm and slept well … 5 very stressed and slept poorly. NaN when out of the 1–5 scale. */
export function checkInValue(x: PersonalCheckIn): number {
  const ok = (v: number) => Number.isFinite(v) && v >= 1 && v <= 5;
  if (!ok(x.stress) || !ok(x.sleepQuality)) return Number.NaN;
  return (x.stress + 6 - x.sleepQuality) / 2;
}

export interface CheckInEvidence {
  weight: number;
  /** The check-in in SDs of the person's own check-ins, clipped; 0 with weight 0. */
  z: number;
  /** The night's evidence: (score + weight · z) / √(1 + weight²), so its noise stays ~ the score's. */
  score: number;
}

/** The night's evidence with its check-in, from the agreement window before this night. */
export function withCheckIn(c: PersonalCalibration, score: number, checkIn: number): CheckInEvidence {
  const n = c.pairX.length;
  const weight = checkInWeight(c);
  if (weight === 0) return { weight, z: 0, score };
  const mx = c.pairX.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(c.pairX.reduce((a, b) => a + (b - mx) ** 2, 0) / (n - 1));
  // a floor of half a scale point: a person who always answers alike is not made oversensitive
  const z = Math.max(-CHECKIN_CLIP, Math.min(CHECKIN_CLIP, (checkIn - mx) / Math.max(sd, 0.5)));
  return { weight, z, score: (score + weight * z) / Math.sqrt(1 + weight * weight) };
}

/** Shrunken correlation of the person's check-ins with their physiological scores; 0 until MIN_PAIRS. */
export function checkInWeight(c: PersonalCalibration): number {
  const n = c.pairX.length;
  if (n < MIN_PAIRS) return 0;
  const r = correlation(c.pairX, c.pairScore);
  return Math.max(0, Math.min(WEIGHT_MAX, (r * n) / (n + PAIR_PRIOR)));
}

/** Remembers a check-in night with its physiological score, dropping the oldest beyond PAIR_SLOTS. */
export function recordPair(c: PersonalCalibration, checkIn: number, score: number): void {
  const s = Math.max(-32, Math.min(32, score));
  c.pairX.push(onGrid(checkIn, PAIR_X_GRID));
  c.pairScore.push(onGrid(s, PAIR_SCORE_GRID));
  if (c.pairX.length > PAIR_SLOTS) {
    c.pairX.shift();
    c.pairScore.shift();
  }
}

export function isNeutral(c: PersonalCalibration): boolean {
  return c.foldedUntilMs === 0 && c.raise === 0 && c.graceUntilDay < 0 && c.pairX.length === 0;
}

function correlation(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

const onGrid = (x: number, grid: number) => Math.round(x / grid) * grid;

/** Inputs after `since`, oldest first, identical ones once. */
function fresh<T extends Dismissal | PersonalCheckIn>(
  list: readonly T[],
  since: number,
  key: (x: T) => string,
): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const x of list) {
    if (!(x.atMs > since)) continue;
    const k = key(x);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(x);
  }
  return out.sort((a, b) => a.atMs - b.atMs);
}
