// How far a person's recent nights are from their baseline, and what level that calls for.
// Each night gets one score: the weighted mean of its standardized residuals (sign so that worse is
// positive: HRV down, resting HR up, sleep shorter, less efficient, less regular), clipped at ±zClip.
// The window score is the mean of the last week's nightly scores without the `trimWorst` worst ones,
// so a stress episode (most nights off) counts and a bad night or a short illness does not.

import { type BaselineState, CHANNELS, flagsAt, HRV, MID, RHR, SLEEP } from '../baseline/baseline.state';
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
  | { ok: true; score: number; nights: number; signals: SignalView[]; allInside: boolean }
  | { ok: false; reason: 'cold-start' | 'sparse' };

export function assess(s: BaselineState, day: number, cfg: WarningConfig): Assessment {
  if (usableNights(s, day) < cfg.coldStartNights) return { ok: false, reason: 'cold-start' };
  const typical = typicalMidpoint(s, day);
  const base: (ChannelBaseline | null)[] = [];
  for (let ch = 0; ch < CHANNELS; ch++)
    base.push(channelBaseline(s, day, ch, cfg, ch === MID ? typical : Number.NaN));
  if (!base[HRV] && !base[RHR] && !base[SLEEP]) return { ok: false, reason: 'cold-start' };
  const nightly: number[] = [];
  for (let d = day - cfg.recentDays + 1; d <= day; d++) {
    if (!usable(flagsAt(s, d))) continue;
    let sum = 0;
    let w = 0;
    for (let ch = 0; ch < CHANNELS; ch++) {
      const b = base[ch];
      const x = channelValue(s, d, ch, typical);
      if (!b || Number.isNaN(x)) continue;
      const z = (WORSE[ch]! * (x - b.center)) / b.scale;
      sum += cfg.weights[ch]! * Math.max(-cfg.zClip, Math.min(cfg.zClip, z));
      w += cfg.weights[ch]!;
    }
    if (w > 0) nightly.push(Math.min(cfg.nightCap, sum / w));
  }
  if (nightly.length < cfg.minRecentNights) return { ok: false, reason: 'sparse' };
  nightly.sort((a, b) => a - b);
  const keep = Math.max(cfg.minRecentNights, nightly.length - cfg.trimWorst);
  const score = mean(nightly.slice(0, keep));
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
  return { ok: true, score, nights: nightly.length, signals, allInside: signals.every((x) => !x.off) };
}

export const NONE = 0;
export const WATCH = 1;
export const WARNING = 2;
export type LevelCode = 0 | 1 | 2;

/**
 * Hysteresis: up at watchAt / warnAt (a warning only from watch, so it needs two nights in a row),
 * down from warning to watch below watchAt, and to none only below clearBelow with all signals back
 * inside their bands.
 */
export function nextLevel(prev: LevelCode, score: number, allInside: boolean, cfg: WarningConfig): LevelCode {
  if (score >= cfg.warnAt && prev >= WATCH) return WARNING;
  if (score >= cfg.watchAt) return prev === WARNING ? WARNING : WATCH;
  if (score < cfg.clearBelow && allInside) return NONE;
  return prev === WARNING && score < cfg.watchAt ? WATCH : prev;
}
