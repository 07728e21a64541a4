// The ladder (#20): from the oracle down to a detector that knows only what Respite knows, one piece
// of knowledge taken away per rung, every rung scored on the same simulated nights. Rungs 0–6 score
// the simulator's own night values (oracle.ts); rung 7 is Respite's engine on the nights as the
// service decodes and assembles them. What each step costs says where the gap to the oracle is: in
// information a wearable cannot have, or in how Respite uses what it has.

import { clockDistance, clockMean, madScale, median } from '../../src/baseline/robust.stats';
import { dateOfDay, type NightInput } from '../../src/night/night';
import type { WarningConfig } from '../../src/warnings/warning.config';
import {
  type LevelCode,
  type LevelRun,
  NONE,
  nextLevel,
  nextRun,
  SETTLED_RUN,
  WARNING,
} from '../../src/warnings/warning.rules';
import { type CurvePoint, frontier } from './curve';
import { type OracleNight, type OracleParams, type OraclePerson, oracleScores, residual } from './oracle';

/** What a rung of the oracle still knows about the person. */
export interface Knowledge {
  /**
   * The true noise SDs; without them Respite's scale: 1.4826 × MAD of the baseline nights'
   * deviations from their centre, floored, and sleep regularity as Respite reads it (the distance
   * from the usual midpoint, against the median and MAD of the baseline nights' distances).
   */
  sd: boolean;
  /** The weekend terms of sleep hours and midpoint (part of the true normal). */
  weekend: boolean;
  /**
   * The true normal (trait means, slow drift, device offsets, the short night after day sleep);
   * without it, the median of the person's nights 7–59 back, as Respite's baseline (≥
   * minBaselineNights), the usual midpoint the circular mean of the last 59 nights', and the sleep
   * channels left out on the night after day sleep.
   */
  normal: boolean;
  /** The person's effect weights (the mean episode effect in their own SD units); else Respite's. */
  weights: boolean;
}

export const EVERYTHING: Readonly<Knowledge> = Object.freeze({
  sd: true,
  weekend: true,
  normal: true,
  weights: true,
});

type LadderConfig = Pick<
  WarningConfig,
  'weights' | 'floors' | 'baselineDays' | 'recentDays' | 'minBaselineNights' | 'rebaselineNights'
>;

const MID = 4;
const SLEEP_CHANNELS = [2, 3, 4];

/** Indices of the nights before night i within the last `span` days (nights are in day order). */
function before(nights: readonly OracleNight[], i: number, span: number): number[] {
  const out: number[] = [];
  const day = nights[i]!.day;
  for (let j = i - 1; j >= 0 && nights[j]!.day > day - span; j--) out.push(j);
  return out;
}

/** Respite's usual midpoint: the circular mean of the window's midpoints before tonight (≥ 5). */
function typicalMidpoint(nights: readonly OracleNight[], window: readonly number[]): number {
  const mids = window.map((j) => nights[j]!.x[MID]!).filter((m) => !Number.isNaN(m));
  return mids.length >= 5 ? clockMean(mids.map((m) => ((m % 1440) + 1440) % 1440)) : Number.NaN;
}

/** Per night: null while a new device waits for its nights; else the step older devices' nights take. */
type DeviceStep = { from: number; by: number[] } | null | undefined;

/**
 * Respite's re-baseline after a device switch, for a detector without the true normal (which
 * includes the devices' offsets): from the switch, nights are held until the new device has
 * rebaselineNights usable nights in the window; then the older nights are moved by the difference
 * of the medians (new device's nights minus older ones, per channel; midpoint not), and stay moved.
 */
function deviceSteps(nights: readonly OracleNight[], cfg: LadderConfig): DeviceStep[] {
  const out: DeviceStep[] = [];
  let current: DeviceStep;
  nights.forEach((n, i) => {
    if (i > 0 && n.source !== nights[i - 1]!.source) current = { from: i, by: [] };
    if (current?.by.length === 0) {
      const window = [i, ...before(nights, i, cfg.baselineDays)].filter((j) => !nights[j]!.held);
      const fresh = window.filter((j) => j >= current!.from);
      const old = window.filter((j) => j < current!.from);
      if (fresh.length < cfg.rebaselineNights) {
        out.push(null);
        return;
      }
      const med = (js: number[], ch: number) =>
        median(js.map((j) => nights[j]!.x[ch]!).filter((v) => !Number.isNaN(v)));
      current.by = [0, 1, 2, 3].map((ch) => {
        const d = med(fresh, ch) - med(old, ch);
        return Number.isNaN(d) ? 0 : d;
      });
      current.by.push(0);
    }
    out.push(current);
  });
  return out;
}

function shifted(n: OracleNight, by: readonly number[] | undefined): OracleNight {
  return by ? { ...n, x: n.x.map((v, ch) => v + by[ch]!) } : n;
}

/**
 * The oracle's person with only the knowledge given: each night's residuals recomputed, and the
 * weights. A baseline night is one 7–59 days back that was not slept by day, as in Respite. With
 * the true normal but not the SDs, the scale is the MAD of the baseline nights' deviations from
 * their own true normal.
 */
export function knowing(p: OraclePerson, k: Knowledge, cfg: LadderConfig): OraclePerson {
  const centre = (m: OracleNight, ch: number) => m.mu[ch]! - (k.weekend ? 0 : m.weekendMu[ch]!);
  const device = k.normal ? undefined : deviceSteps(p.nights, cfg);
  const nights = p.nights.map((n, i) => {
    const window = before(p.nights, i, cfg.baselineDays);
    const step = device?.[i];
    const base = window
      .filter((j) => p.nights[j]!.day <= n.day - cfg.recentDays && !p.nights[j]!.held)
      .map((j) => shifted(p.nights[j]!, step && j < step.from ? step.by : undefined));
    const typical = typicalMidpoint(p.nights, window);
    const z = n.x.map((x, ch) => {
      if (Number.isNaN(x) || step === null) return Number.NaN;
      if (!k.normal && n.afterDaySleep && SLEEP_CHANNELS.includes(ch)) return Number.NaN;
      if (k.sd && k.normal) return residual(ch, x, centre(n, ch), p.sd[ch]!);
      // each night's deviation from its reference: its true normal, or nothing (the median follows)
      const dev = (m: OracleNight) =>
        ch === MID && !k.sd
          ? clockDistance(m.x[MID]!, k.normal ? centre(m, MID) : typical)
          : m.x[ch]! - (k.normal ? centre(m, ch) : 0);
      const devs = base.map(dev).filter((v) => !Number.isNaN(v));
      if (devs.length < cfg.minBaselineNights) return Number.NaN;
      if (k.sd) return residual(ch, x, median(devs), p.sd[ch]!);
      const c = k.normal && ch !== MID ? 0 : median(devs);
      const scale = Math.max(madScale(devs, c), cfg.floors[ch] ?? 0);
      return ch === MID ? (dev(n) - c) / scale : residual(ch, dev(n), c, scale);
    });
    return { ...n, z };
  });
  return { ...p, w: k.weights ? p.w : [...cfg.weights], nights };
}

/**
 * The simulator's own values of a person's nights as the engine's input (rung 6): what Respite
 * would see with perfect decoding, local times and HRV measure (SDNN nights already on the RMSSD
 * track, which the oracle knows), with the device's vendor tag so that a switch re-baselines.
 */
export function simulatorNights(p: OraclePerson): NightInput[] {
  return p.nights.map((n) => {
    const [hrv, rhr, sleepH, efficiency, mid] = n.x as [number, number, number, number, number];
    return {
      wakeDate: dateOfDay(n.day),
      source: n.source,
      ...(Number.isNaN(hrv) ? {} : { lnRmssd: hrv }),
      ...(Number.isNaN(rhr) ? {} : { rhrBpm: rhr }),
      sleepH,
      efficiency,
      midpointMin: ((mid % 1440) + 1440) % 1440,
    };
  });
}

/**
 * The oracle's CuSum (S = min(h, max(0, S + score − k))) with Respite's levels instead of "alert
 * while S ≥ h": watch at h/2, a warning at h only from watch and after a night at ≥ h/2 (two nights
 * of evidence), stepping down below h, back to warning after a step-down only once the watch has
 * lasted minDwellNights, cleared at h/4 (the signals' bands are not checked: the evidence alone
 * decides). The alert is the warning. For the rungs that keep the oracle's knowledge, so that what
 * Respite's levels are worth can be told from what its knowledge costs.
 */
export function levelAlerts(p: OraclePerson, q: OracleParams, minDwellNights: number): boolean[] {
  const cfg = {
    watchAt: q.h / 2,
    warnAt: q.h,
    stepDownAt: q.h,
    clearBelow: q.h / 4,
    minDwellNights,
  } as WarningConfig;
  let s = 0;
  let level: LevelCode = NONE;
  let run: LevelRun = { ...SETTLED_RUN };
  return oracleScores(p, q).map((score) => {
    if (Number.isNaN(score)) return level === WARNING;
    const prevS = s;
    s = Math.min(q.h, Math.max(0, s + score - q.k));
    const next = nextLevel(level, prevS, s, true, cfg, run);
    run = nextRun(level, run, next);
    level = next;
    return level === WARNING;
  });
}

/**
 * Timely sensitivity at exactly the budget, read off the frontier (linear between the two frontier
 * points around it); the frontier's best point when even its last is within the budget; NaN when no
 * point is. The curve's own pick (operatingPoint) is the best grid point within the budget, which is
 * lower by however far the grid's nearest point falls short of the budget.
 */
export function sensitivityAtBudget(points: readonly CurvePoint[], budget: number): number {
  const f = frontier(points);
  const lo = f.filter((p) => p.falsePerPersonQuarter <= budget).at(-1);
  const hi = f.find((p) => p.falsePerPersonQuarter > budget);
  if (!lo) return Number.NaN;
  if (!hi) return lo.sensitivity;
  const t = (budget - lo.falsePerPersonQuarter) / (hi.falsePerPersonQuarter - lo.falsePerPersonQuarter);
  return lo.sensitivity + t * (hi.sensitivity - lo.sensitivity);
}
