// Scores per-night alerts against the simulator's ground truth:
// - sensitivity: share of episodes with an alert on a night within `withinDays` of onset (onset..+7);
// - median delay of those first alerts, in days after onset;
// - false alert-days per person-quarter: alert nights outside every episode (onset .. end +
//   graceDays, the recovery during which signals are still returning), per 91.25 person-days at
//   risk (calendar days from a person's first to last night, outside those windows).

import { median } from '../../src/baseline/robust.stats';
import { dayNumber } from '../../src/night/night';
import type { PersonTruth } from '../simulator/sim.types';

export interface PersonAlerts {
  subjectId: string;
  /** Day numbers of the nights that had data, ascending. */
  days: number[];
  alert: boolean[];
}

export interface Score {
  episodes: number;
  warnedWithin: number;
  sensitivity: number;
  /** Share of episodes with an alert at any time from onset to end. */
  warnedDuring: number;
  medianDelayDays: number;
  falseAlertDays: number;
  personQuarters: number;
  falsePerPersonQuarter: number;
  /** False alerts counted by their first day (a run of alert nights is one onset). */
  falseOnsetsPerPersonQuarter: number;
  /** Share of people with at least one false alert-day. */
  peopleWithFalseAlerts: number;
  /** False alert-days by the confounder within 7 days before them ('none': nothing simulated). */
  falseByCause: Record<string, number>;
}

export interface ScoreOptions {
  withinDays: number;
  graceDays: number;
}

export function scoreAlerts(
  runs: readonly PersonAlerts[],
  truth: readonly PersonTruth[],
  o: ScoreOptions = { withinDays: 7, graceDays: 7 },
): Score {
  const bySubject = new Map(truth.map((t) => [t.subjectId, t]));
  let episodes = 0;
  let warned = 0;
  let during = 0;
  let falseOnsets = 0;
  const delays: number[] = [];
  let falseDays = 0;
  let atRisk = 0;
  let peopleFalse = 0;
  const falseByCause: Record<string, number> = {};
  for (const run of runs) {
    const t = bySubject.get(run.subjectId);
    if (!t || run.days.length === 0) continue;
    const eps = t.episodes.map((e) => ({ onset: dayNumber(e.onset), end: dayNumber(e.end) }));
    const causes = t.confounders.map((c) => ({
      kind: c.kind,
      start: dayNumber(c.start),
      end: dayNumber(c.end),
    }));
    const inEpisode = (d: number) => eps.some((e) => d >= e.onset && d <= e.end + o.graceDays);
    for (const e of eps) {
      episodes++;
      const i = run.days.findIndex((d, k) => run.alert[k] && d >= e.onset && d <= e.onset + o.withinDays);
      if (i >= 0) {
        warned++;
        delays.push(run.days[i]! - e.onset);
      }
      if (run.days.some((d, k) => run.alert[k] && d >= e.onset && d <= e.end)) during++;
    }
    const first = run.days[0]!;
    const last = run.days.at(-1)!;
    for (let d = first; d <= last; d++) if (!inEpisode(d)) atRisk++;
    let personFalse = 0;
    run.days.forEach((d, k) => {
      if (!run.alert[k] || inEpisode(d)) return;
      personFalse++;
      if (k === 0 || !run.alert[k - 1]) falseOnsets++;
      const cause = causes.find((c) => d >= c.start && d <= c.end + 7)?.kind ?? 'none';
      falseByCause[cause] = (falseByCause[cause] ?? 0) + 1;
    });
    falseDays += personFalse;
    if (personFalse > 0) peopleFalse++;
  }
  const personQuarters = atRisk / 91.25;
  return {
    episodes,
    warnedWithin: warned,
    sensitivity: episodes ? warned / episodes : Number.NaN,
    warnedDuring: episodes ? during / episodes : Number.NaN,
    medianDelayDays: median(delays),
    falseAlertDays: falseDays,
    personQuarters,
    falsePerPersonQuarter: personQuarters ? falseDays / personQuarters : Number.NaN,
    falseOnsetsPerPersonQuarter: personQuarters ? falseOnsets / personQuarters : Number.NaN,
    peopleWithFalseAlerts: runs.length ? peopleFalse / runs.length : Number.NaN,
    falseByCause,
  };
}
