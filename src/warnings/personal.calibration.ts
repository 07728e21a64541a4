// A person's own calibration of the warnings, learned from what they told Respite (#20). Pure.
// - A dismissal with a passing cause (late night, travel, ill) explains that episode: the CuSum's
//   evidence is reset and, for a few days after the dismissed night, nights drain it but cannot
//   build it. It does not touch the future beyond those days.
// - "Not helpful" raises the person's CuSum reference value k by a bounded step that halves every
//   RAISE_HALF_LIFE_DAYS; the raise never exceeds RAISE_MAX, so a sustained strong shift still warns.
// - A check-in's stress answer adds evidence in proportion to how well this person's check-ins
//   (stress and reversed sleep quality together) have agreed with their own nightly scores: a
//   shrunken correlation over the last PAIR_SLOTS check-in nights, zero until MIN_PAIRS of them,
//   relative to AGREEMENT_FULL. Sleep quality only vouches for the person's reporting: as evidence
//   it would count the night's sleep twice.
// Folding is idempotent: the calibration remembers the latest input time it folded and takes only
// later inputs (identical duplicates once), so the caller may pass all of a person's inputs every night.
import { DAY_MS, dayNumber } from '../night/night';
import type { Dismissal, DismissalReason, PersonalCheckIn, PersonalInputs } from './personal.inputs';

/** Step of the raise of k per "not helpful" (k is 2.05 in the default preset). */
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
/**
 * The (shrunken) agreement at which a check-in counts as much as the night's physiology. Even a
 * reliable reporter agrees only weakly night by night, because stress episodes are rare: in daily
 * life, HRV explained ~1–2% of perceived stress (Martinez et al. 2022), i.e. r ≈ 0.1–0.15 over a
 * whole cohort. Assumption, set on the tuning seed only (tools/evaluation/README.md).
 */
export const AGREEMENT_FULL = 0.3;
/** The check-in weight never exceeds this: a check-in never counts more than the night's physiology. */
export const WEIGHT_MAX = 1;
/** A check-in's deviation from the person's own mean is clipped to ± this many of their SDs. */
export const CHECKIN_CLIP = 2;
/** The raise is kept on this grid (uint16 in the state), so a restored state continues bit for bit. */
export const RAISE_GRID = 1 / 1024;
/** Scores in the pair window are kept on this grid (int16). */
export const PAIR_SCORE_GRID = 1 / 1024;
/** Check-in answers (1..5) on this grid (uint8). */
export const PAIR_X_GRID = 1 / 50;

export interface PersonalCalibration {
  /** Latest atMs folded (epoch ms); 0 before any input. */
  foldedUntilMs: number;
  /** Raise of k set on raiseDay, before its decay. */
  raise: number;
  raiseDay: number;
  /** Through this day number nights cannot add evidence (a passing cause); -1 none. */
  graceUntilDay: number;
  /** Stress and sleep-quality answers (1..5) and physiological scores of the latest check-in nights, oldest first. */
  pairStress: number[];
  pairSleep: number[];
  pairScore: number[];
}

export function neutralCalibration(): PersonalCalibration {
  return {
    foldedUntilMs: 0,
    raise: 0,
    raiseDay: -1,
    graceUntilDay: -1,
    pairStress: [],
    pairSleep: [],
    pairScore: [],
  };
}

/** What the calibration did on one night: the verdict's `personal` (absent when it did nothing). */
export interface CalibrationNote {
  /** Added to the CuSum reference value k by "not helpful" dismissals (0..RAISE_MAX). */
  thresholdShift: number;
  /** Weight of this person's check-ins in the evidence (0..WEIGHT_MAX), from their own agreement. */
  checkInWeight: number;
  /** Check-in nights in the agreement window. */
  checkInPairs: number;
  /** The night's stress answer, as SDs from the person's own mean (stressed is positive); absent without one. */
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
  /** The new check-ins' mean answers; undefined without any. */
  checkIn?: CheckInAnswer;
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
      // decays from the day it was said (an old one folded late, e.g. after an upgrade, counts less)
      const at = Math.max(c.raiseDay, Math.min(day, Math.floor(d.atMs / DAY_MS)));
      c.raise = onGrid(Math.min(RAISE_MAX, raiseOn(c, at) + RAISE_STEP), RAISE_GRID);
      c.raiseDay = at;
      continue;
    }
    const of = dayNumber(d.asOf);
    // a cause for a night in the future, or long past, explains nothing now
    if (!(day - of >= 0 && day - of <= PASSING_WINDOW_DAYS)) continue;
    resetEvidence = true;
    c.graceUntilDay = Math.max(c.graceUntilDay, of + GRACE_DAYS[d.reason]);
  }
  const ok = (v: number) => Number.isFinite(v) && v >= 1 && v <= 5;
  let n = 0;
  let stress = 0;
  let sleep = 0;
  for (const x of checkIns) {
    c.foldedUntilMs = Math.max(c.foldedUntilMs, x.atMs);
    if (!ok(x.stress) || !ok(x.sleepQuality)) continue;
    n++;
    stress += x.stress;
    sleep += x.sleepQuality;
  }
  const checkIn = n
    ? { stress: onGrid(stress / n, PAIR_X_GRID), sleepQuality: onGrid(sleep / n, PAIR_X_GRID) }
    : undefined;
  return { resetEvidence, ...(checkIn ? { checkIn } : {}) };
}

/** A night's check-in: the mean answers of the check-ins given since the night before. */
export interface CheckInAnswer {
  stress: number;
  sleepQuality: number;
}

export interface CheckInEvidence {
  weight: number;
  /** The check-in in SDs of the person's own check-ins, clipped; 0 with weight 0. */
  z: number;
  /** The night's evidence: (score + weight · z) / √(1 + weight²), so its noise stays ~ the score's. */
  score: number;
}

/** The night's evidence with its check-in, from the agreement window before this night. */
export function withCheckIn(c: PersonalCalibration, score: number, checkIn: CheckInAnswer): CheckInEvidence {
  const n = c.pairStress.length;
  const weight = checkInWeight(c);
  if (weight === 0) return { weight, z: 0, score };
  const m = c.pairStress.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(c.pairStress.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1));
  // a floor of half a scale point: a person who always answers alike is not made oversensitive
  const z = Math.max(-CHECKIN_CLIP, Math.min(CHECKIN_CLIP, (checkIn.stress - m) / Math.max(sd, 0.5)));
  return { weight, z, score: (score + weight * z) / Math.sqrt(1 + weight * weight) };
}

/**
 * The person's own agreement: the correlation of their check-ins (stress and reversed sleep quality,
 * averaged) with their physiological scores, shrunk by n / (n + PAIR_PRIOR), over AGREEMENT_FULL,
 * within [0, WEIGHT_MAX]; 0 until MIN_PAIRS.
 */
export function checkInWeight(c: PersonalCalibration): number {
  const n = c.pairStress.length;
  if (n < MIN_PAIRS) return 0;
  const xs = c.pairStress.map((s, i) => (s + 6 - c.pairSleep[i]!) / 2);
  const r = correlation(xs, c.pairScore);
  return Math.max(0, Math.min(WEIGHT_MAX, (r * n) / (n + PAIR_PRIOR) / AGREEMENT_FULL));
}

/** Remembers a check-in night with its physiological score, dropping the oldest beyond PAIR_SLOTS. */
export function recordPair(c: PersonalCalibration, checkIn: CheckInAnswer, score: number): void {
  c.pairStress.push(onGrid(checkIn.stress, PAIR_X_GRID));
  c.pairSleep.push(onGrid(checkIn.sleepQuality, PAIR_X_GRID));
  c.pairScore.push(onGrid(Math.max(-32, Math.min(32, score)), PAIR_SCORE_GRID));
  if (c.pairStress.length > PAIR_SLOTS) {
    c.pairStress.shift();
    c.pairSleep.shift();
    c.pairScore.shift();
  }
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

/** On the grid the state is stored with; a tiny negative becomes 0, not -0, as it is after a restore. */
const onGrid = (x: number, grid: number) => Math.round(x / grid) * grid + 0;

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
