// The two published rules Respite is compared with, run on the same nights. Both get the same
// cold start as Respite (14 earlier nights) and otherwise are applied as published: no handling of
// device changes, day sleep or bad nights.

import { mean, median } from '../../src/baseline/robust.stats';
import { dayNumber, type NightInput } from '../../src/night/night';

/**
 * NightSignal (Alavi et al. 2022), red alert: nightly resting HR ≥ 4 bpm above the median of all
 * earlier nights, on 2 consecutive nights. An alert-day is each such second (or later) night.
 */
export function nightSignalAlerts(nights: readonly NightInput[], deltaBpm = 4, minHistory = 14): boolean[] {
  const history: number[] = [];
  const elevated: boolean[] = [];
  const days = nights.map((n) => dayNumber(n.wakeDate));
  return nights.map((n, i) => {
    const rhr = n.rhrBpm;
    elevated[i] = rhr !== undefined && history.length >= minHistory && rhr >= median(history) + deltaBpm;
    if (rhr !== undefined) history.push(rhr);
    return i > 0 && elevated[i]! && elevated[i - 1]! && days[i]! - days[i - 1]! === 1;
  });
}

/**
 * HRV4Training / Plews: 7-day mean of nightly ln RMSSD (≥ 3 nights) below the 60-day mean − 0.5 SD.
 * A person's HRV is one measure (ln RMSSD, or ln SDNN for an SDNN-only device), never mixed: when
 * the measure changes, the history starts again.
 */
export function hrv4TrainingAlerts(nights: readonly NightInput[], k = 0.5, minHistory = 14): boolean[] {
  const series: { day: number; x: number }[] = [];
  let measure: 'rmssd' | 'sdnn' | undefined;
  return nights.map((n) => {
    const day = dayNumber(n.wakeDate);
    const m = n.lnRmssd !== undefined ? 'rmssd' : n.lnSdnn !== undefined ? 'sdnn' : undefined;
    if (!m) return false;
    if (measure !== m) series.length = 0;
    measure = m;
    series.push({ day, x: (m === 'rmssd' ? n.lnRmssd : n.lnSdnn)! });
    const base = series.filter((p) => p.day > day - 60).map((p) => p.x);
    const week = series.filter((p) => p.day > day - 7).map((p) => p.x);
    if (base.length < minHistory || week.length < 3) return false;
    const mu = mean(base);
    const sd = Math.sqrt(mean(base.map((x) => (x - mu) ** 2)) * (base.length / (base.length - 1)));
    return mean(week) < mu - k * sd;
  });
}
