// How far a person's nights are from their baseline, and what level that calls for.
// Each night gets one score: the weighted sum of its standardized residuals (sign so that worse is
// positive: HRV down, resting HR up, sleep shorter, less efficient, less regular), each clipped at
// ±zClip, divided by the root of the summed squared weights (so a night with fewer channels is not
// noisier). A one-sided CuSum (Page 1954; Mishra et al. 2020) accumulates the nights' excess over a
// reference value k: a sustained shift builds up over a few nights, while a single bad night (alcohol,
// one short night) or a short illness adds at most a little and drains again.

import {
  type BaselineState,
  CHANNELS,
  EFF,
  flagsAt,
  HRV,
  MID,
  OFF_PHASE,
  RHR,
  SLEEP,
} from '../baseline/baseline.state';
import {
  type ChannelBaseline,
  channelBaseline,
  channelValue,
  recentValues,
  typicalMidpoint,
  usable,
  usableNights,
} from '../baseline/baseline.stats';
import { mean } from '../baseline/robust.stats';
import type { WarningConfig } from './warning.config';

export type SignalName = 'hrv' | 'rhr' | 'sleep';
/** +1: higher is worse; −1: lower is worse. */
const WORSE = [-1, 1, -1, -1, 1];
export const CONTRACT_SIGNALS: readonly [SignalName, number][] = [
  ['hrv', HRV],
  ['rhr', RHR],
  ['sleep', SLEEP],
];
/** Channels that say how the night was slept; not judged on the night after day sleep. */
const SLEEP_CHANNELS = [SLEEP, EFF, MID];

export interface SignalView {
  signal: SignalName;
  /** Mean of the recent window, in the signal's unit (ln ms, bpm, hours). */
  value: number;
  baseline: number;
  band: [number, number];
  /** Outside the band on the worse side. */
  off: boolean;
}

export type Assessment =
  | { ok: true; score: number; signals: SignalView[]; allInside: boolean }
  | { ok: false; reason: 'cold-start' | 'sparse' };

/**
 * One night's score against the baselines: Σ w·clip(z) / √Σw² over the channels it has. NaN when it
 * has none. After a night of day sleep (a night shift) the next night is short by rota, not by
 * stress, so its sleep channels are left out.
 */
export function nightScore(
  s: BaselineState,
  day: number,
  base: readonly (ChannelBaseline | null)[],
  typicalMid: number,
  cfg: Pick<WarningConfig, 'weights' | 'zClip'>,
): number {
  const afterDaySleep = (flagsAt(s, day - 1) & OFF_PHASE) !== 0;
  let sum = 0;
  let w2 = 0;
  for (let ch = 0; ch < CHANNELS; ch++) {
    const b = base[ch];
    if (!b || (afterDaySleep && SLEEP_CHANNELS.includes(ch))) continue;
    const x = channelValue(s, day, ch, typicalMid);
    if (Number.isNaN(x)) continue;
    const z = (WORSE[ch]! * (x - b.center)) / b.scale;
    const w = cfg.weights[ch]!;
    sum += w * Math.max(-cfg.zClip, Math.min(cfg.zClip, z));
    w2 += w * w;
  }
  return w2 > 0 ? sum / Math.sqrt(w2) : Number.NaN;
}

export function assess(s: BaselineState, day: number, cfg: WarningConfig): Assessment {
  if (usableNights(s, day) < cfg.coldStartNights) return { ok: false, reason: 'cold-start' };
  const typical = typicalMidpoint(s, day);
  const base: (ChannelBaseline | null)[] = [];
  for (let ch = 0; ch < CHANNELS; ch++)
    base.push(channelBaseline(s, day, ch, cfg, ch === MID ? typical : Number.NaN));
  if (!base[HRV] && !base[RHR] && !base[SLEEP]) return { ok: false, reason: 'cold-start' };
  let recent = 0;
  for (let d = day - cfg.recentDays + 1; d <= day; d++) if (usable(flagsAt(s, d))) recent++;
  const score = nightScore(s, day, base, typical, cfg);
  if (recent < cfg.minRecentNights || Number.isNaN(score)) return { ok: false, reason: 'sparse' };
  const signals: SignalView[] = [];
  for (const [signal, ch] of CONTRACT_SIGNALS) {
    const b = base[ch];
    const xs = recentValues(s, day, ch, cfg);
    if (!b || xs.length < cfg.minRecentNights) continue;
    const value = mean(xs);
    const band: [number, number] = [b.center - cfg.bandK * b.scale, b.center + cfg.bandK * b.scale];
    const off = WORSE[ch]! > 0 ? value > band[1] : value < band[0];
    signals.push({ signal, value, baseline: b.center, band, off });
  }
  return { ok: true, score, signals, allInside: signals.every((x) => !x.off) };
}

/** The state keeps S in 1/1024 steps (uint16), so a restored state continues bit for bit. */
export const CUSUM_STEP = 1 / 1024;

/** One CuSum step: S' = min(cusumMax, max(0, S + score − k)), on the state's grid. */
export function cusumStep(
  prev: number,
  score: number,
  cfg: Pick<WarningConfig, 'cusumK' | 'cusumMax'>,
): number {
  const next = Math.min(cfg.cusumMax, Math.max(0, prev + score - cfg.cusumK));
  return Math.round(next / CUSUM_STEP) * CUSUM_STEP;
}

export const NONE = 0;
export const WATCH = 1;
export const WARNING = 2;
export type LevelCode = 0 | 1 | 2;

/** How long the current level has lasted, for the minimum dwell (evaluated nights, capped at 31). */
export interface LevelRun {
  nights: number;
  /** The current level is watch, entered by a warning stepping down. */
  fromWarning: boolean;
}
/** A run long past any dwell: how a state restored from before the dwell continues. */
export const SETTLED_RUN: Readonly<LevelRun> = Object.freeze({ nights: 31, fromWarning: false });

/**
 * Hysteresis on the CuSum statistic: up at watchAt / warnAt (a warning only from watch and when the
 * statistic was already at watch the night before, so it needs two evaluated nights of evidence in a
 * row, not two lone bad nights days apart); a warning steps down to watch once S falls below
 * stepDownAt, and any level clears to none only at or below clearBelow with all signals back inside
 * their bands. So that the level a person sees does not flicker between warning and watch, a warning
 * that stepped down comes back only once the watch has lasted minDwellNights evaluated nights
 * (holding the warning instead would spend false alert-days on every false run).
 */
export function nextLevel(
  prev: LevelCode,
  prevCusum: number,
  cusum: number,
  allInside: boolean,
  cfg: WarningConfig,
  run: Readonly<LevelRun> = SETTLED_RUN,
): LevelCode {
  const settled = run.nights >= cfg.minDwellNights;
  if (cusum >= cfg.warnAt && prev >= WATCH && prevCusum >= cfg.watchAt)
    return prev === WARNING || !run.fromWarning || settled ? WARNING : WATCH;
  if (cusum <= cfg.clearBelow && allInside) return NONE;
  if (prev === WARNING) return cusum >= cfg.stepDownAt ? WARNING : WATCH;
  return cusum >= cfg.watchAt ? WATCH : prev;
}

/** The run after a night at `level` that followed a run at `prev`. */
export function nextRun(prev: LevelCode, run: Readonly<LevelRun>, level: LevelCode): LevelRun {
  if (level === prev) return { nights: Math.min(31, run.nights + 1), fromWarning: run.fromWarning };
  return { nights: 1, fromWarning: prev === WARNING && level === WATCH };
}
