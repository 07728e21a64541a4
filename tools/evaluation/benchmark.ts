// The detection benchmark: simulate a cohort (in process), decode its messages into nights, run
// Respite's engine and both reference rules on the same nights, score all against the ground truth.
import { dayNumber, type NightInput } from '../../src/night/night';
import { createPersonState } from '../../src/warnings/person.state';
import {
  CONSERVATIVE_WARNING_CONFIG,
  DEFAULT_WARNING_CONFIG,
  type WarningConfig,
} from '../../src/warnings/warning.config';
import { evaluateNight } from '../../src/warnings/warning.engine';
import { streamCohort } from '../simulator/cohort.simulator';
import type { ConfounderKind, SimOptions } from '../simulator/sim.types';
import { type NightsBySubject, nightsFromMessages } from './nights.from-messages';
import { hrv4TrainingAlerts, nightSignalAlerts } from './reference.rules';
import { type PersonAlerts, type Score, scoreAlerts } from './scoring';

export interface BenchmarkResult {
  options: SimOptions;
  cohort: {
    people: number;
    nights: number;
    episodes: number;
    confounders: Partial<Record<ConfounderKind, number>>;
    rejectedMessages: Record<string, number>;
  };
  systems: { name: string; score: Score }[];
  respite: { nudgesPerPersonQuarter: number; heldNights: Record<string, number> };
}

export function runBenchmark(
  o: SimOptions,
  cfg: WarningConfig = DEFAULT_WARNING_CONFIG,
  conservativeCfg: WarningConfig = CONSERVATIVE_WARNING_CONFIG,
  /** The nights as the service's path assembled them (nightsThroughProcessor); default: in order, in process. */
  assembled?: NightsBySubject,
): BenchmarkResult {
  const sim = streamCohort(o);
  const { nights, rejected } = assembled ?? nightsFromMessages(sim.messages(), o.endDateMs + 2 * 86_400_000);
  const respite: PersonAlerts[] = [];
  const respiteWatch: PersonAlerts[] = [];
  const conservative: PersonAlerts[] = [];
  const nightSignal: PersonAlerts[] = [];
  const hrv4t: PersonAlerts[] = [];
  const held: Record<string, number> = {};
  let nudges = 0;
  let nightCount = 0;
  for (const p of sim.people) {
    const list: NightInput[] = nights.get(p.subjectId) ?? [];
    nightCount += list.length;
    const days = list.map((n) => dayNumber(n.wakeDate));
    const subjectId = p.subjectId;
    const state = createPersonState();
    const verdicts = list.map((n) => evaluateNight(state, n, cfg));
    for (const v of verdicts) {
      if (v.nudge) nudges++;
      if (v.reason) held[v.reason] = (held[v.reason] ?? 0) + 1;
    }
    respite.push({ subjectId, days, alert: verdicts.map((v) => v.level === 'warning') });
    respiteWatch.push({ subjectId, days, alert: verdicts.map((v) => v.level !== 'none') });
    const cons = createPersonState();
    conservative.push({
      subjectId,
      days,
      alert: list.map((n) => evaluateNight(cons, n, conservativeCfg).level === 'warning'),
    });
    nightSignal.push({ subjectId, days, alert: nightSignalAlerts(list) });
    hrv4t.push({ subjectId, days, alert: hrv4TrainingAlerts(list) });
  }
  const confounders: Partial<Record<ConfounderKind, number>> = {};
  for (const t of sim.truth)
    for (const c of t.confounders) confounders[c.kind] = (confounders[c.kind] ?? 0) + 1;
  const respiteScore = scoreAlerts(respite, sim.truth);
  return {
    options: o,
    cohort: {
      people: sim.people.length,
      nights: nightCount,
      episodes: respiteScore.episodes,
      confounders,
      rejectedMessages: rejected,
    },
    systems: [
      { name: 'Respite (warning)', score: respiteScore },
      { name: 'Respite, conservative preset', score: scoreAlerts(conservative, sim.truth) },
      { name: 'Respite (watch or warning)', score: scoreAlerts(respiteWatch, sim.truth) },
      { name: 'NightSignal (RHR +4 bpm, 2 nights)', score: scoreAlerts(nightSignal, sim.truth) },
      { name: 'HRV4Training (7-d < 60-d − 0.5 SD)', score: scoreAlerts(hrv4t, sim.truth) },
    ],
    respite: { nudgesPerPersonQuarter: nudges / (nightCount / 91.25), heldNights: held },
  };
}

export function formatTable(r: BenchmarkResult): string {
  const head = [
    'system',
    'warned ≤ 7 d',
    'delay',
    'warned in ep.',
    'false alert-days/pq',
    'false onsets/pq',
    'people w/ false',
  ];
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const rows = r.systems.map(({ name, score: s }) => [
    name,
    `${pct(s.sensitivity)} (${s.warnedWithin}/${s.episodes})`,
    Number.isNaN(s.medianDelayDays) ? '–' : `${s.medianDelayDays.toFixed(1)} d`,
    pct(s.warnedDuring),
    s.falsePerPersonQuarter.toFixed(3),
    s.falseOnsetsPerPersonQuarter.toFixed(3),
    `${(100 * s.peopleWithFalseAlerts).toFixed(0)}%`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
