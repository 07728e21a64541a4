import type { BaselineOptions } from '../baseline/baseline.stats';

/**
 * Everything the detector is tuned by. A restored state must be evaluated with the config it was
 * built with (the state does not carry it). Values were tuned on simulated cohorts of seed 1 only and
 * reported on other seeds (see src/evaluation/README.md).
 */
export interface WarningConfig extends BaselineOptions {
  /** No evaluation before this many usable nights (DESIGN §4: ≥ 14). */
  coldStartNights: number;
  /** Fewer usable nights in the recent window and the night is held (HRV4Training: ≥ 3 of 7). */
  minRecentNights: number;
  /** Nights dropped from the worse end of the window: one bad night or a short illness does not count. */
  trimWorst: number;
  /** Weight of each channel in the nightly score: HRV, resting HR, sleep hours, efficiency, regularity. */
  weights: readonly number[];
  /** Standardized residuals are clipped to ± this (CuSum: 4). */
  zClip: number;
  /** A night's combined score counts at most this much: one extreme night cannot make a week. */
  nightCap: number;
  /** Window score from which a level is entered; a warning needs a night at watch first. */
  watchAt: number;
  warnAt: number;
  /** A level clears only below this score and with every signal back inside its band. */
  clearBelow: number;
  /** Half-width of the normal band in scale units (HRV4Training / Plews: 0.5–1 SD). */
  bandK: number;
  /**
   * The lowest level whose onset asks for a nudge (1 watch, 2 warning). Watch is shown in the
   * person's own view; nudging on it too would add ~0.6 false nudges per person-quarter.
   */
  nudgeFrom: 1 | 2;
  /** Days after a nudge before the next one. */
  cooldownDays: number;
  /** At most this many nudges in any 7 days (≤ 4: the state keeps 4 nudge dates). */
  weeklyCap: number;
}

export const DEFAULT_WARNING_CONFIG: Readonly<WarningConfig> = Object.freeze({
  baselineDays: 60,
  recentDays: 7,
  minBaselineNights: 10,
  floors: [0.05, 1.0, 0.3, 0.015, 15],
  offPhaseMin: 240,
  rebaselineNights: 7,
  coldStartNights: 14,
  minRecentNights: 3,
  trimWorst: 2,
  weights: [1, 1.3, 0.8, 0.5, 0.2],
  zClip: 4,
  nightCap: 4,
  watchAt: 0.6,
  warnAt: 0.8,
  clearBelow: 0.4,
  bandK: 0.5,
  nudgeFrom: 2,
  cooldownDays: 3,
  weeklyCap: 2,
});

/**
 * The false-alert budget first (≤ 0.25 false alert-days per person-quarter on simulated cohorts), at
 * the price of catching far fewer episodes early; see src/evaluation/README.md.
 */
export const CONSERVATIVE_WARNING_CONFIG: Readonly<WarningConfig> = Object.freeze({
  ...DEFAULT_WARNING_CONFIG,
  watchAt: 0.9,
  warnAt: 1.1,
});
