// Night-to-night physiology of one simulated person: a personal normal, autocorrelated fluctuations
// (HRV and resting HR share a factor, so a bad night shows in both), a slow fitness/season drift,
// then whatever the plan says happens that night, then the device's own offset.
import type { EpisodePlan, PersonPlan } from './person.plan';
import { clamp, gaussian, prng } from './prng';
import type { SimDevice } from './sim.types';

const DAY = 86_400_000;
const ILLNESS_CURVE = [0.7, 1, 0.9, 0.7, 0.5];
const ILLNESS_TAIL = [0.35, 0.15];

export interface SimNight {
  wakeDateMs: number;
  zone: string;
  /** Local sleep midpoint in minutes after the wake date's midnight (negative: before it). */
  midMin: number;
  sleepH: number;
  efficiency: number;
  lnHrv: number;
  lnSdnn: number;
  rhr: number;
  device: SimDevice;
  hasHrv: boolean;
  hasRhr: boolean;
}

/** Stress level of an episode on day d, 0..1: linear ramp, plateau, linear fade. */
export function episodeLevel(e: EpisodePlan, d: number): number {
  if (d < e.onset) return 0;
  if (d - e.onset < e.ramp) return (d - e.onset + 1) / e.ramp;
  if (d <= e.end) return 1;
  return Math.max(0, 1 - (d - e.end) / (e.fade + 1));
}

export class PersonNights {
  private readonly rand: () => number;
  private f = 0;
  private gHrv = 0;
  private gRhr = 0;
  private eSleep = 0;
  private eMid = 0;
  private driftNow: number;

  constructor(
    private readonly plan: PersonPlan,
    private readonly o: { days: number; endDateMs: number; gaps?: boolean },
  ) {
    this.rand = prng(plan.noiseSeed);
    this.driftNow = gaussian(this.rand);
  }

  /** The slow fitness/season drift (in SD units) as of the last night drawn; for the evaluation's oracle. */
  get drift(): number {
    return this.driftNow;
  }

  /** Call for d = 0, 1, 2, … in order: the latent processes run on whether or not the night is worn. */
  next(d: number): SimNight | null {
    const t = this.plan.traits;
    const p = this.plan;
    const g = () => gaussian(this.rand);
    const a = Math.sqrt(1 - t.phi * t.phi);
    this.f = t.phi * this.f + a * g();
    this.gHrv = t.phi * this.gHrv + a * g();
    this.gRhr = t.phi * this.gRhr + a * g();
    this.driftNow = 0.985 * this.driftNow + 0.172 * g();
    this.eSleep = 0.2 * this.eSleep + 0.98 * g();
    this.eMid = 0.3 * this.eMid + 0.954 * g();
    const [nEff, nDay, nAlc, nMeas, nSdnn, uHrv, uRhr] = [g(), g(), g(), g(), g(), this.rand(), this.rand()];

    const wakeDateMs = this.o.endDateMs - (this.o.days - 1 - d) * DAY;
    const weekend = [0, 6].includes(new Date(wakeDateMs).getUTCDay());
    let lnHrv = t.lnHrv + 0.4 * t.sdHrv * this.driftNow + t.sdHrv * (0.6 * this.f + 0.8 * this.gHrv);
    let rhr = t.rhr - 0.4 * t.sdRhr * this.driftNow + t.sdRhr * (-0.55 * this.f + 0.835 * this.gRhr);
    let sleepH = t.sleepH + (weekend ? t.weekendSleepH : 0) + t.sdSleep * this.eSleep;
    let eff = t.efficiency + t.sdEfficiency * nEff;
    let mid = t.midMin + (weekend ? t.weekendMidMin : 0);
    let midSd = t.sdMid;

    for (const e of p.episodes) {
      const s = episodeLevel(e, d);
      lnHrv -= s * e.dHrv;
      rhr += s * e.dRhr;
      sleepH -= s * e.dSleep;
      eff -= s * e.dEff;
      midSd *= 1 + s * e.dIrregular;
    }
    for (const ill of p.illnesses) {
      const k = d - ill.start;
      const w = k < 0 ? 0 : k < ill.len ? (ILLNESS_CURVE[k] ?? 0.5) : (ILLNESS_TAIL[k - ill.len] ?? 0);
      rhr += w * ill.dRhr;
      lnHrv -= w * ill.dHrv;
      sleepH -= w * ill.dSleep;
      eff -= 0.04 * w;
    }
    if (p.alcohol.has(d)) {
      lnHrv -= 0.15 + 0.25 * Math.abs(nAlc);
      rhr += 2 + 5 * Math.abs(nAlc);
      eff -= 0.04;
      sleepH -= 0.3;
      mid += 30;
    }
    let zone = p.person.zone;
    for (const trip of p.trips) {
      const k = d - trip.start;
      const back = k - trip.len;
      if (k >= 0 && k < trip.len) zone = trip.zone;
      // the body clock lags the new local clock by half the shift, for a few nights each way
      const jet = k >= 0 && k < 3 ? (3 - k) / 3 : back >= 0 && back < 3 ? (3 - back) / 3 : 0;
      const dir = k >= 0 && k < 3 ? 1 : -1;
      sleepH -= 1.0 * jet;
      eff -= 0.05 * jet;
      lnHrv -= 0.1 * jet;
      rhr += 2 * jet;
      mid += dir * 0.5 * trip.deltaMin * jet;
    }
    if (p.dayShifts.has(d)) {
      // sleeping by day after a night shift: short, late, and a bit lower HRV
      mid = 750 + 45 * nDay;
      sleepH = Math.min(sleepH, 5.6) - 0.3 + 0.7 * nDay;
      eff -= 0.05;
      lnHrv -= 0.08;
      rhr += 2;
    } else {
      if (p.dayShifts.has(d - 1)) sleepH -= 0.8;
      mid += midSd * this.eMid;
    }

    let dev = 0;
    while (dev + 1 < p.deviceFrom.length && p.deviceFrom[dev + 1]! <= d) dev++;
    const device = p.person.devices[dev]!;
    if (p.gaps.has(d)) return null;
    const measuredHrv = lnHrv + device.offset.lnHrv + 0.04 * nMeas;
    return {
      wakeDateMs,
      zone,
      midMin: clamp(mid, -120, 960),
      sleepH: clamp(sleepH + device.offset.sleepH, 2.5, 11),
      efficiency: clamp(eff + device.offset.efficiency, 0.55, 0.99),
      lnHrv: clamp(measuredHrv, Math.log(6), Math.log(220)),
      lnSdnn: clamp(measuredHrv + t.sdnnGap + 0.06 * nSdnn, Math.log(8), Math.log(280)),
      rhr: clamp(rhr + device.offset.rhr, 36, 110),
      device,
      hasHrv: !this.o.gaps || uHrv >= 0.03,
      hasRhr: !this.o.gaps || uRhr >= 0.02,
    };
  }
}
