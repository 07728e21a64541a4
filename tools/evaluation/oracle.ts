// The oracle: what a detector could do if it knew what no wearable can tell it. For each simulated
// person it knows the true normal (trait means, the weekend terms, the device's offset and the slow
// fitness drift), the noise SDs, and the average direction of a stress episode; it scores each
// night by those residuals (standardized, clipped, weighted by the population-mean effect in the
// person's own SD units) and runs the same capped CuSum as Respite: S = min(h, max(0, S + score − k)),
// alert while S ≥ h. It knows which nights are day sleep (held) and that the next night is short by
// rota. With `skipConfounded` it is also told the illness, alcohol and jet-lag nights and holds them.
// It is a reference for the curve, not a bound: its thresholds are swept like everyone else's.

import { median } from '../../src/baseline/robust.stats';
import { dayNumber } from '../../src/night/night';
import { type PersonPlan, planPerson } from '../simulator/person.plan';
import { PersonNights } from '../simulator/physiology';
import type { SimOptions } from '../simulator/sim.types';

/** Mean episode effects at severity 1 (person.plan.ts): u(0.3, 1.2) → 0.75 of the scale. */
const EFFECT = {
  hrvSd: 0.75,
  rhrBpm: 0.75 * 3,
  sleepH: 0.75 * 0.7,
  eff: 0.75 * 0.03,
  midSdUp: 0.75 * 0.8 * 0.75,
};
/** E|z| and SD of |z| for a standard normal: the midpoint channel scores irregularity. */
const ABS_MEAN = Math.sqrt(2 / Math.PI);
const ABS_SD = Math.sqrt(1 - 2 / Math.PI);
const COLD_START = 14;

export interface OracleNight {
  day: number;
  /** Residuals signed so that worse is positive, in SD units; NaN when the channel is missing. */
  z: number[];
  /** Day sleep: held, as Respite holds it. */
  held: boolean;
  /** Illness, alcohol or jet lag (only used with skipConfounded). */
  confounded: boolean;
  /** The night's measured values (HRV, RHR, sleep h, efficiency, midpoint min); NaN when missing. */
  x: number[];
  /** The true normal of each channel in x's units (midpoint: the usual clock time), weekend terms included. */
  mu: number[];
  /** The weekend terms included in mu (0 on weekdays): sleep hours and midpoint only. */
  weekendMu: number[];
  /** The night after day sleep, short by rota. */
  afterDaySleep: boolean;
  /** The device's vendor tag (a change of device re-baselines Respite). */
  source: string;
}

export interface OraclePerson {
  subjectId: string;
  /** Channel weights: the mean episode effect in this person's SD units. */
  w: number[];
  /** The person's true noise SD per channel (midpoint: of the clock time). */
  sd: number[];
  nights: OracleNight[];
}

export interface OracleParams {
  k: number;
  h: number;
  clip: number;
  skipConfounded: boolean;
}

export function oraclePerson(plan: PersonPlan, o: SimOptions): OraclePerson {
  const t = plan.traits;
  const sim = new PersonNights(plan, o);
  const hrvScale = Math.hypot(t.sdHrv, 0.04);
  const w = [
    (EFFECT.hrvSd * t.sdHrv) / hrvScale,
    EFFECT.rhrBpm / t.sdRhr,
    EFFECT.sleepH / t.sdSleep,
    EFFECT.eff / t.sdEfficiency,
    (ABS_MEAN * EFFECT.midSdUp) / ABS_SD,
  ];
  const sd = [hrvScale, t.sdRhr, t.sdSleep, t.sdEfficiency, t.sdMid];
  const nights: OracleNight[] = [];
  for (let d = 0; d < o.days; d++) {
    const n = sim.next(d);
    if (!n) continue;
    const drift = sim.drift;
    const off = n.device.offset;
    const weekend = [0, 6].includes(new Date(n.wakeDateMs).getUTCDay());
    const afterDaySleep = plan.dayShifts.has(d - 1);
    const hrv = n.device.kind === 'sdnn' ? n.lnSdnn - t.sdnnGap : n.lnHrv;
    const weekendMu = [0, 0, weekend ? t.weekendSleepH : 0, 0, weekend ? t.weekendMidMin : 0];
    const mu = [
      t.lnHrv + 0.4 * t.sdHrv * drift + off.lnHrv,
      t.rhr - 0.4 * t.sdRhr * drift + off.rhr,
      t.sleepH + weekendMu[2]! + off.sleepH - (afterDaySleep ? 0.8 : 0),
      t.efficiency + off.efficiency,
      t.midMin + weekendMu[4]!,
    ];
    const x = [n.hasHrv ? hrv : Number.NaN, n.hasRhr ? n.rhr : Number.NaN, n.sleepH, n.efficiency, n.midMin];
    nights.push({
      day: dayNumber(new Date(n.wakeDateMs).toISOString().slice(0, 10)),
      z: x.map((v, ch) => residual(ch, v, mu[ch]!, sd[ch]!)),
      x,
      mu,
      weekendMu,
      afterDaySleep,
      source: n.device.source,
      held: plan.dayShifts.has(d),
      confounded: confounded(plan, d),
    });
  }
  return { subjectId: plan.person.subjectId, w, sd, nights };
}

const SIGN = [-1, 1, -1, -1];

/**
 * A channel's residual in SD units, signed so that worse is positive (NaN when x is missing). The
 * midpoint scores irregularity: the distance from the usual time, standardized as |z| is.
 */
export function residual(ch: number, x: number, center: number, sd: number): number {
  if (ch === 4) return (Math.abs(x - center) / sd - ABS_MEAN) / ABS_SD;
  return (SIGN[ch]! * (x - center)) / sd;
}

/**
 * The same oracle without its knowledge of the person's normal: each night is compared with the
 * median of the person's own nights 8–60 days before it (as Respite's baseline is; day sleep left
 * out, ≥ 10 nights), with no drift, weekend or device terms. It still knows the noise SDs, the
 * effect direction and the day sleep. The difference to the oracle is what knowing the normal is worth.
 */
export function estimatingNormal(p: OraclePerson): OraclePerson {
  const nights = p.nights.map((n) => {
    const past = p.nights.filter((m) => m.day >= n.day - 60 && m.day < n.day - 7 && !m.held);
    const z = n.z.map((z0, ch) => {
      if (Number.isNaN(z0) || past.length < 10) return Number.NaN;
      const center = median(past.map((m) => m.x[ch]!).filter((v) => !Number.isNaN(v)));
      return residual(ch, n.x[ch]!, center, p.sd[ch]!);
    });
    return { ...n, z };
  });
  return { ...p, nights };
}

function confounded(p: PersonPlan, d: number): boolean {
  if (p.alcohol.has(d)) return true;
  if (p.illnesses.some((i) => d >= i.start && d < i.start + i.len + 2)) return true;
  return p.trips.some(
    (tr) => (d >= tr.start && d < tr.start + 3) || (d >= tr.start + tr.len && d < tr.start + tr.len + 3),
  );
}

/**
 * Each night's score (Σ w·clip(z) / √Σw² over the channels it has), or NaN where the oracle does
 * not evaluate: held, told confounded, the first 14 nights (the cold start of every method), or no
 * channel.
 */
export function oracleScores(p: OraclePerson, q: Pick<OracleParams, 'clip' | 'skipConfounded'>): number[] {
  let seen = 0;
  return p.nights.map((n) => {
    seen++;
    if (n.held || (q.skipConfounded && n.confounded) || seen <= COLD_START) return Number.NaN;
    let sum = 0;
    let w2 = 0;
    n.z.forEach((z, ch) => {
      if (Number.isNaN(z)) return;
      const w = p.w[ch]!;
      sum += w * Math.max(-q.clip, Math.min(q.clip, z));
      w2 += w * w;
    });
    return w2 > 0 ? sum / Math.sqrt(w2) : Number.NaN;
  });
}

/** The oracle's alert nights for one parameter point: S = min(h, max(0, S + score − k)), alert while S ≥ h. */
export function oracleAlerts(p: OraclePerson, q: OracleParams): boolean[] {
  let s = 0;
  return oracleScores(p, q).map((score) => {
    if (!Number.isNaN(score)) s = Math.min(q.h, Math.max(0, s + score - q.k));
    return s >= q.h;
  });
}

export function oracleCohort(o: SimOptions): OraclePerson[] {
  return Array.from({ length: o.people }, (_, i) => oraclePerson(planPerson(o, i), o));
}
