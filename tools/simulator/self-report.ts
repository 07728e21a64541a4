// What a simulated person tells Respite (#20): evening check-ins (stress and sleep quality, 1–5) and
// dismissals of their nudges. Every number below is either taken from a study named beside it or
// marked "assumption"; none was tuned on the evaluation's seeds.
//
// - How often people answer. EMA studies obtain ~79% compliance on average (Wrzus & Neubauer 2023,
//   Assessment 30(3):825–846, 477 studies; typically 7 days, often paid), 85% in chronic-pain EMA
//   (Ono et al. 2019, JMIR 21(2):e11398), with compliance falling over the days of a study. Respite
//   asks unpaid clinicians for months, so the evaluation treats the response rate as a parameter
//   (0%, 30%, 70%): 70% is near what short paid studies get, 30% is an assumption for a voluntary
//   daily prompt over months. People differ: each person's own rate is spread around the cohort's
//   (assumption: uniform from 0.25× to 1.75×, capped at 98%); answers at 30% are a subset of those at
//   70% (the same draws), so the rows differ only in how many were given.
// - How check-ins relate to the body. In daily life, self-reported stress and cardiovascular signals
//   agree only weakly: 35% of 135 analyses found an association in the expected direction (Vaessen
//   et al. 2021, PLoS ONE 16(11):e0259557); HRV explained ~1% (at most 2.2%) of perceived stress in
//   657 information workers over 8 weeks (Martinez et al. 2022, JMIR Hum Factors 9(3):e33754). In 26
//   interns followed daily for 15 weeks, evening exhaustion predicted lower HRV the next morning (de
//   Vries et al. 2021, JMIR Cardio 5(2):e28731): the feeling can come before the night's physiology.
//   So here stress follows the simulated episode with a person-specific lag of −1 to +3 days and a
//   person-specific size (0 to 2 scale points at full effect; assumption), on top of a personal bias
//   (SD 0.5 points) and day-to-day noise (SD 0.6–1.0 points) that dominate outside episodes
//   (assumption; outside episodes a person's answers then agree with their nights only weakly, as
//   in those studies); illness raises stress by 1 point (assumption). 15% of responders answer
//   carelessly (assumption).
//   Sleep quality follows the night just slept (its measured hours against the person's usual,
//   0.3–0.9 points per SD; assumption: self-rated sleep quality tracks duration only moderately).
// - Feedback on nudges (assumption throughout, one tap in the app): a false nudge shortly after a
//   passing cause (illness, travel, a late night or alcohol, a night shift within 3 days) is dismissed
//   with that cause 60% of the time; other false nudges are dismissed "not helpful" 30% of the time;
//   a nudge during a true episode is dismissed 10% of the time, mostly "not helpful". The dismissal
//   comes 8–30 hours after the nudge's night.
import type { DismissalReason, PersonalCheckIn } from '../../src/warnings/personal.inputs';
import type { PersonPlan } from './person.plan';
import { episodeLevel } from './physiology';
import { clamp, gaussian, mixSeed, prng } from './prng';

const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface SelfReportOptions {
  /** Cohort-wide share of evenings answered, 0..1. */
  responseRate: number;
  /** What-if only: everyone's stress rises this many points at full episode effect. */
  reactivity?: number;
  /** What-if only: everyone's stress follows their episodes with this lag (days). */
  lag?: number;
}

export interface SelfReportTraits {
  /** This person's own share of evenings answered (before the cohort rate is applied). */
  responseFactor: number;
  stressBias: number;
  sleepBias: number;
  noiseSd: number;
  /** Scale points of stress at full episode effect (0 for a careless responder). */
  reactivity: number;
  /** Days the reported stress lags the physiology (negative: it comes first). */
  lag: number;
  /** Scale points of sleep quality per SD of sleep hours. */
  sleepSensitivity: number;
}

/** The self-report side of one simulated person; its own PRNG streams, independent of the physiology. */
export class SelfReporter {
  readonly traits: SelfReportTraits;
  private readonly answerDraws: number[];
  /** Per day, the draws that decide a nudge's dismissal: the same whichever detector nudged. */
  private readonly feedbackDraws: [number, number, number][];
  private readonly noiseSeed: number;

  constructor(
    private readonly plan: PersonPlan,
    seed: number,
    index: number,
    private readonly o: { days: number; endDateMs: number },
  ) {
    const r = prng(mixSeed(seed, index, 11));
    const careless = r() < 0.15;
    this.traits = {
      responseFactor: 0.25 + 1.5 * r(),
      stressBias: 0.5 * gaussian(r),
      sleepBias: 0.5 * gaussian(r),
      noiseSd: 0.6 + 0.4 * r(),
      reactivity: careless ? 0 : 2 * r(),
      lag: Math.floor(r() * 5) - 1,
      sleepSensitivity: careless ? 0 : 0.3 + 0.6 * r(),
    };
    // one draw per day decides whether that evening is answered, whatever the response rate
    this.answerDraws = Array.from({ length: o.days }, () => r());
    const f = prng(mixSeed(seed, index, 12));
    this.feedbackDraws = Array.from({ length: o.days }, () => [f(), f(), f()]);
    this.noiseSeed = mixSeed(seed, index, 13);
  }

  /**
   * Check-ins for days 0..days-1: given in the evening after night d (wake date d), so they count for
   * night d + 1. `sleepH(d)`: the measured sleep of night d, undefined when missing.
   */
  checkIns(o: SelfReportOptions, sleepH: (d: number) => number | undefined): PersonalCheckIn[] {
    const t = {
      ...this.traits,
      reactivity: o.reactivity ?? this.traits.reactivity,
      lag: o.lag ?? this.traits.lag,
    };
    const p = clamp(o.responseRate * t.responseFactor, 0, 0.98);
    const r = prng(this.noiseSeed);
    const out: PersonalCheckIn[] = [];
    for (let d = 0; d < this.o.days; d++) {
      // noise is drawn every day, answered or not, so a rate changes only which evenings are answered
      const [nS, nQ, atH] = [gaussian(r), gaussian(r), r()];
      if (this.answerDraws[d]! >= p) continue;
      let felt = 0;
      for (const e of this.plan.episodes) felt = Math.max(felt, episodeLevel(e, d - t.lag));
      const ill = this.plan.illnesses.some((x) => d >= x.start && d < x.start + x.len) ? 1 : 0;
      const stress = 2.5 + t.stressBias + t.reactivity * felt + ill + t.noiseSd * nS;
      const h = sleepH(d);
      const sleepDev = h === undefined ? 0 : (h - this.plan.traits.sleepH) / this.plan.traits.sdSleep;
      const quality = 3 + t.sleepBias + t.sleepSensitivity * sleepDev - 0.5 * ill + t.noiseSd * nQ;
      out.push({
        atMs: this.dayMs(d) + Math.round((17 + 6 * atH) * HOUR),
        stress: likert(stress),
        sleepQuality: likert(quality),
      });
    }
    return out;
  }

  /**
   * Whether and how the person dismisses a nudge for night `d`; `causeNear(d)` names a passing
   * cause of the last 3 days, if any (see causeNear).
   */
  feedback(
    d: number,
    causeNear: DismissalReason | undefined,
  ): { reason: DismissalReason; atMs: number } | null {
    const [u, v, w] = this.feedbackDraws[d] ?? [1, 1, 1];
    const atMs = this.dayMs(d) + Math.round((8 + 22 * w) * HOUR);
    const during = this.plan.episodes.some((e) => episodeLevel(e, d) > 0);
    if (during) return u < 0.1 ? { reason: v < 0.7 || !causeNear ? 'not-helpful' : causeNear, atMs } : null;
    if (causeNear) return u < 0.6 ? { reason: causeNear, atMs } : null;
    return u < 0.3 ? { reason: 'not-helpful', atMs } : null;
  }

  /** The passing cause a person would name for night d: something in the 3 days before it. */
  causeNear(d: number): DismissalReason | undefined {
    const p = this.plan;
    if (p.illnesses.some((x) => d >= x.start && d <= x.start + x.len + 1)) return 'ill';
    if (p.trips.some((x) => d >= x.start && d <= x.start + x.len + 3)) return 'travel';
    for (let x = d - 3; x <= d; x++) if (p.alcohol.has(x) || p.dayShifts.has(x)) return 'late-night';
    return undefined;
  }

  private dayMs(d: number): number {
    return this.o.endDateMs - (this.o.days - 1 - d) * DAY;
  }
}

const likert = (x: number) => clamp(Math.round(x), 1, 5);
