import { type BaselineOptions, NORMAL_BAND_K, SCALE_FLOORS } from '../baseline/baseline.stats';
import { NUDGE_RATE, type NudgeRate } from './nudge.policy';

/**
 * Everything the detector is tuned by. A restored state must be evaluated with the config it was
 * built with (the state does not carry it). The detector's shape was tuned on simulated cohorts of
 * seed 1; the presets' operating points were chosen on seeds 1–5 and 11–15 and are reported on
 * seeds 41–43 and 51–53, which nobody tuned on (tools/evaluation/README.md, `npm run evaluate -- --curve`).
 */
/** The nudge rate (cooldownDays, weeklyCap) is the one policy of nudge.policy.ts, in event time. */
export interface WarningConfig extends BaselineOptions, NudgeRate {
  /** No evaluation before this many usable nights (DESIGN §4: ≥ 14). */
  coldStartNights: number;
  /** Fewer usable nights in the recent window and the night is held (HRV4Training: ≥ 3 of 7). */
  minRecentNights: number;
  /** Weight of each channel in the nightly score: HRV, resting HR, sleep hours, efficiency, regularity. */
  weights: readonly number[];
  /** Standardized residuals are clipped to ± this (CuSum: 4; lower, so one extreme night or an illness counts less). */
  zClip: number;
  /**
   * CuSum reference value k: what a night's score must exceed to add evidence. The statistic is
   * S = min(cusumMax, max(0, S + score − k)), so ordinary nights drain it and a sustained shift builds it.
   */
  cusumK: number;
  /** Ceiling of S: how much evidence one run can bank, so it drains within days once nights are normal. */
  cusumMax: number;
  /** CuSum statistic from which a level is entered; a warning needs a night at watch first. */
  watchAt: number;
  warnAt: number;
  /** A level clears only at or below this statistic and with every signal back inside its band. */
  clearBelow: number;
  /**
   * A warning steps down to watch once S falls below this (the hysteresis of #20 kept a warning
   * until S < watchAt, so every false run lasted longer; tools/evaluation/README.md prices it).
   */
  stepDownAt: number;
  /** Evaluated nights a watch lasts after a warning stepped down before it can rise to warning again. */
  minDwellNights: number;
  /** Half-width of the normal band in scale units (HRV4Training / Plews: 0.5–1 SD). */
  bandK: number;
  /**
   * The lowest level whose onset asks for a nudge (1 watch, 2 warning). Watch is shown in the
   * person's own view; nudging on it too would add false nudges.
   */
  nudgeFrom: 1 | 2;
}

/**
 * The operating point for a budget of 0.25 false alert-days per person-quarter. Rule, the same for
 * every preset (since the held-out miss of #20: k 2.0, chosen as within the budget on each of
 * seeds 1–5, spent 0.253 on held-out seeds 21–23): the most sensitive CuSum reference k (in steps
 * of 0.05, at cap = warnAt 1.5) whose false alert-days stay within the budget on each of the ten
 * tuning seeds 1–5 and 11–15 (200 simulated people × 180 days each) and whose 95% prediction bound
 * for one new seed (mean + t · sd · √(1 + 1/n)) does too. That is k 2.05 (worst tuning seed 0.212,
 * bound 0.222; k 2.0: 0.255 and 0.275). Held-out figures: tools/evaluation/README.md.
 */
export const DEFAULT_WARNING_CONFIG: Readonly<WarningConfig> = Object.freeze({
  baselineDays: 60,
  recentDays: 7,
  minBaselineNights: 10,
  floors: SCALE_FLOORS,
  offPhaseMin: 240,
  rebaselineNights: 7,
  coldStartNights: 14,
  minRecentNights: 3,
  weights: [1, 1.5, 1.1, 1, 0.6],
  zClip: 2,
  cusumK: 2.05,
  cusumMax: 1.5,
  watchAt: 0.75,
  warnAt: 1.5,
  clearBelow: 0.375,
  stepDownAt: 1.5,
  minDwellNights: 3,
  bandK: NORMAL_BAND_K,
  nudgeFrom: 2,
  ...NUDGE_RATE,
});

/** For a budget of 0.15 false alert-days per person-quarter, by the default's rule: k 2.2 (bound 0.133). */
export const CONSERVATIVE_WARNING_CONFIG: Readonly<WarningConfig> = Object.freeze({
  ...DEFAULT_WARNING_CONFIG,
  cusumK: 2.2,
});

/**
 * For an organisation that accepts 0.5 false alert-days per person-quarter to catch more episodes
 * early, by the default's rule: k 1.85 (worst tuning seed 0.458, bound 0.470).
 */
export const SENSITIVE_WARNING_CONFIG: Readonly<WarningConfig> = Object.freeze({
  ...DEFAULT_WARNING_CONFIG,
  cusumK: 1.85,
});

/** `WARNING_PRESET`: which operating point the service runs. */
export const WARNING_PRESETS = Object.freeze({
  sensitive: SENSITIVE_WARNING_CONFIG,
  default: DEFAULT_WARNING_CONFIG,
  conservative: CONSERVATIVE_WARNING_CONFIG,
});
export type WarningPresetName = keyof typeof WARNING_PRESETS;
