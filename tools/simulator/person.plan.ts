// What one simulated person is like and what happens to them: personal normals and variability,
// stress episodes (the ground truth), and the confounders a detector must not mistake for stress.
// Every person draws from their own PRNG stream, so person i is the same whatever the cohort size.
import { type IllnessPlan, planConfounders, type TripPlan } from './confounders.plan';
import { clamp, expo, gaussian, mixSeed, pick, prng, round } from './prng';
import type { Confounder, PersonTruth, SimOptions, SimPerson } from './sim.types';
import { ZONES } from './timezones';

const DAY = 86_400_000;

export interface Traits {
  lnHrv: number;
  sdHrv: number;
  /** Day-to-day autocorrelation of the HRV and RHR fluctuations. */
  phi: number;
  rhr: number;
  sdRhr: number;
  sleepH: number;
  sdSleep: number;
  weekendSleepH: number;
  efficiency: number;
  sdEfficiency: number;
  /** Local sleep midpoint, minutes after the wake date's midnight. */
  midMin: number;
  sdMid: number;
  weekendMidMin: number;
  /** ln SDNN − ln RMSSD for this person (SDNN is the larger measure). */
  sdnnGap: number;
  alcoholRate: number;
  missRate: number;
}

/** Day indices are 0..days-1; wake dates run up to endDateMs. */
export type { IllnessPlan, TripPlan };

export interface EpisodePlan {
  onset: number;
  end: number;
  ramp: number;
  fade: number;
  severity: number;
  dHrv: number;
  dRhr: number;
  dSleep: number;
  dEff: number;
  dIrregular: number;
}
export interface PersonPlan {
  person: SimPerson;
  truth: PersonTruth;
  traits: Traits;
  episodes: EpisodePlan[];
  illnesses: IllnessPlan[];
  trips: TripPlan[];
  /** Nights slept by day after a night shift. */
  dayShifts: Set<number>;
  alcohol: Set<number>;
  gaps: Set<number>;
  /** Day index from which each of person.devices is worn. */
  deviceFrom: number[];
  /** Seed of the person's night-to-night noise stream. */
  noiseSeed: number;
}

export function planPerson(o: SimOptions, i: number): PersonPlan {
  const r = prng(mixSeed(o.seed, i, 1));
  const u = (a: number, b: number) => a + (b - a) * r();
  const int = (a: number, b: number) => Math.floor(u(a, b + 1));
  const conf = o.confounders ?? true;
  const date = (d: number) => new Date(o.endDateMs - (o.days - 1 - d) * DAY).toISOString().slice(0, 10);

  const zone = pick(r, [
    ['Europe/Berlin', 0.3],
    ['Europe/London', 0.2],
    ['America/New_York', 0.25],
    ['America/Chicago', 0.1],
    ['Asia/Kolkata', 0.05],
    ['Australia/Sydney', 0.1],
  ]);
  const traits: Traits = {
    lnHrv: clamp(3.7 + 0.35 * gaussian(r), 2.6, 4.8),
    sdHrv: u(0.1, 0.22),
    phi: u(0.2, 0.5),
    rhr: clamp(58 + 6 * gaussian(r), 42, 80),
    sdRhr: u(1.2, 2.8),
    sleepH: clamp(6.9 + 0.5 * gaussian(r), 5.5, 8.5),
    sdSleep: u(0.5, 1.0),
    weekendSleepH: u(0, 0.8),
    efficiency: u(0.82, 0.94),
    sdEfficiency: u(0.02, 0.04),
    midMin: 210 + 45 * gaussian(r),
    sdMid: u(20, 50),
    weekendMidMin: u(0, 75),
    sdnnGap: u(0.2, 0.45),
    alcoholRate: conf && r() < 0.6 ? u(0, 0.05) : 0,
    missRate: u(0.01, 0.1),
  };
  const truth: PersonTruth = {
    subjectId: `sim-${o.seed}-${String(i).padStart(5, '0')}`,
    episodes: [],
    confounders: [],
  };
  const note = (kind: Confounder['kind'], a: number, b: number) =>
    truth.confounders.push({ kind, start: date(a), end: date(Math.min(b, o.days - 1)) });

  // Stress episodes: never in the first 35 nights (no baseline yet, for any method), ≥ 3 weeks apart.
  const episodes: EpisodePlan[] = [];
  for (let t = 35 + Math.floor(expo(r, 150)); o.episodes !== false && t <= o.days - 10; ) {
    const severity = u(0.6, 1.4) * (o.episodeScale ?? 1);
    const wS = u(0.3, 1.2);
    const e: EpisodePlan = {
      onset: t,
      end: t + int(10, 35) - 1,
      ramp: int(3, 7),
      fade: int(3, 7),
      severity,
      dHrv: severity * u(0.3, 1.2) * traits.sdHrv,
      dRhr: severity * u(0.3, 1.2) * 3,
      dSleep: severity * wS * 0.7,
      dEff: severity * wS * 0.03,
      dIrregular: severity * wS * 0.8,
    };
    episodes.push(e);
    truth.episodes.push({
      onset: date(e.onset),
      end: date(Math.min(e.end + e.fade, o.days - 1)),
      severity: round(severity, 3),
    });
    t = e.end + e.fade + 21 + Math.floor(expo(r, 150));
  }

  const c = planConfounders(o, { r, u, int }, zone, traits, note);
  const person: SimPerson = {
    subjectId: truth.subjectId,
    utcOffsetMinutes: ZONES[zone]!.std,
    zone,
    lnRmssd: round(traits.lnHrv, 3),
    rhr: round(traits.rhr, 3),
    sleepH: round(traits.sleepH, 3),
    devices: c.devices,
    nightShifts: c.nightShifts,
  };
  const noiseSeed = mixSeed(o.seed, i, 2);
  return {
    person,
    truth,
    traits,
    episodes,
    illnesses: c.illnesses,
    trips: c.trips,
    dayShifts: c.dayShifts,
    alcohol: c.alcohol,
    gaps: c.gaps,
    deviceFrom: c.deviceFrom,
    noiseSeed,
  };
}
