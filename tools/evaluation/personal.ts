// Physiology only against physiology + what the person tells Respite (#20), on the same simulated
// nights: the same cohort, decoded by the real decoder, is run through Respite's engine once without
// inputs and once per self-report scenario, with the person's dismissals answering the engine's own
// nudges as they come (tools/simulator/self-report.ts). Each system is scored along a curve of the
// CuSum reference value k, and compared where it spends the same false-alert budget.
import { DAY_MS, dayNumber, type NightInput } from '../../src/night/night';
import { createPersonState } from '../../src/warnings/person.state';
import type { Dismissal, PersonalCheckIn } from '../../src/warnings/personal.inputs';
import type { WarningConfig } from '../../src/warnings/warning.config';
import { evaluateNight } from '../../src/warnings/warning.engine';
import { streamCohort } from '../simulator/cohort.simulator';
import { planPerson } from '../simulator/person.plan';
import { SelfReporter, type SelfReportOptions } from '../simulator/self-report';
import type { PersonTruth, SimOptions } from '../simulator/sim.types';
import { nightsFromMessages } from './nights.from-messages';
import { type PersonAlerts, type Score, scoreAlerts } from './scoring';

export interface Scenario {
  name: string;
  /** Share of evenings answered with a check-in (cohort average). */
  responseRate: number;
  /** Whether people dismiss nudges (with a passing cause or "not helpful"). */
  feedback: boolean;
  /** A what-if on how people report (sensitivity analysis only; default: the simulator's model). */
  selfReport?: Omit<SelfReportOptions, 'responseRate'>;
}

export const SCENARIOS: readonly Scenario[] = [
  { name: 'physiology only', responseRate: 0, feedback: false },
  { name: 'person: feedback, 0% check-ins', responseRate: 0, feedback: true },
  { name: 'person: feedback, 30% check-ins', responseRate: 0.3, feedback: true },
  { name: 'person: feedback, 70% check-ins', responseRate: 0.7, feedback: true },
];

/**
 * Optional (`--what-if`): which part of the gain is the check-ins', and what check-ins could add if
 * everyone's stress answers followed their episodes closely (2 scale points at full effect, no lag).
 */
export const WHAT_IF: readonly Scenario[] = [
  { name: 'check-ins 30%, no feedback', responseRate: 0.3, feedback: false },
  {
    name: 'what if: feedback, 30%, all react 2 pts, no lag',
    responseRate: 0.3,
    feedback: true,
    selfReport: { reactivity: 2, lag: 0 },
  },
];

const reportKey = (s: Scenario) => JSON.stringify({ ...s.selfReport, responseRate: s.responseRate });

/** False alert-days per person-quarter that a system may spend (issue #20). */
export const BUDGET = 0.25;

export interface CurvePoint {
  k: number;
  score: Score;
  dismissals: Record<string, number>;
  /** Share of person-evenings with a check-in. */
  answered: number;
  /** Mean check-in weight on the last night before each episode's onset (0 for people who never answer). */
  weightAtOnset: number;
}

export interface SeedResult {
  seed: number;
  episodes: number;
  curves: { scenario: Scenario; points: CurvePoint[] }[];
}

interface PreparedPerson {
  subjectId: string;
  nights: NightInput[];
  day0: number;
  reporter: SelfReporter;
  /** By reportKey. */
  checkIns: Map<string, PersonalCheckIn[]>;
}

/** Simulates and decodes one cohort, and draws each person's self-report for every scenario. */
export function prepare(
  o: SimOptions,
  scenarios: readonly Scenario[],
): { people: PreparedPerson[]; truth: PersonTruth[] } {
  const sim = streamCohort(o);
  const { nights } = nightsFromMessages(sim.messages(), o.endDateMs + 2 * DAY_MS);
  const day0 = Math.round(o.endDateMs / DAY_MS) - (o.days - 1);
  const people = sim.people.map((p, i) => {
    const list = nights.get(p.subjectId) ?? [];
    const byDay = new Map(list.map((n) => [dayNumber(n.wakeDate) - day0, n.sleepH]));
    const reporter = new SelfReporter(planPerson(o, i), o.seed, i, o);
    const checkIns = new Map(
      scenarios.map((s) => [
        reportKey(s),
        reporter.checkIns({ ...s.selfReport, responseRate: s.responseRate }, (d) => byDay.get(d)),
      ]),
    );
    return { subjectId: p.subjectId, nights: list, day0, reporter, checkIns };
  });
  return { people, truth: sim.truth };
}

/** Runs one scenario at one config over the prepared cohort. */
export function runScenario(
  people: readonly PreparedPerson[],
  truth: readonly PersonTruth[],
  s: Scenario,
  cfg: WarningConfig,
): CurvePoint {
  const runs: PersonAlerts[] = [];
  const dismissals: Record<string, number> = {};
  let answered = 0;
  let evenings = 0;
  let weightSum = 0;
  let onsets = 0;
  const onsetsOf = new Map(truth.map((t) => [t.subjectId, t.episodes.map((e) => dayNumber(e.onset))]));
  for (const p of people) {
    const pending = [...(onsetsOf.get(p.subjectId) ?? [])];
    let weight = 0;
    const checkIns = p.checkIns.get(reportKey(s)) ?? [];
    answered += checkIns.length;
    evenings += p.nights.length;
    const state = createPersonState();
    const given: Dismissal[] = [];
    let c = 0;
    const alert: boolean[] = [];
    for (const n of p.nights) {
      const day = dayNumber(n.wakeDate);
      // inputs given before the night: the evening before it, and dismissals up to then
      const cutoff = day * DAY_MS;
      while (c < checkIns.length && checkIns[c]!.atMs < cutoff) c++;
      const inputs = { dismissals: given.filter((d) => d.atMs < cutoff), checkIns: checkIns.slice(0, c) };
      while (pending.length && pending[0]! <= day) {
        pending.shift();
        weightSum += weight;
        onsets++;
      }
      const v = evaluateNight(state, n, cfg, inputs);
      alert.push(v.level === 'warning');
      if (v.personal) weight = v.personal.checkInWeight;
      if (v.nudge && s.feedback) {
        const d = day - p.day0;
        const f = p.reporter.feedback(d, p.reporter.causeNear(d));
        if (f) {
          given.push({ asOf: n.wakeDate, reason: f.reason, atMs: f.atMs });
          dismissals[f.reason] = (dismissals[f.reason] ?? 0) + 1;
        }
      }
    }
    runs.push({ subjectId: p.subjectId, days: p.nights.map((n) => dayNumber(n.wakeDate)), alert });
  }
  return {
    k: cfg.cusumK,
    score: scoreAlerts(runs, truth),
    dismissals,
    answered: answered / evenings,
    weightAtOnset: onsets ? weightSum / onsets : 0,
  };
}

export function runSeed(
  o: SimOptions,
  base: WarningConfig,
  ks: readonly number[],
  scenarios: readonly Scenario[] = SCENARIOS,
): SeedResult {
  const { people, truth } = prepare(o, scenarios);
  const curves = scenarios.map((scenario) => ({
    scenario,
    points: ks.map((k) => runScenario(people, truth, scenario, { ...base, cusumK: k })),
  }));
  return { seed: o.seed, episodes: curves[0]?.points[0]?.score.episodes ?? 0, curves };
}

/** The point of a curve with the most timely sensitivity within the budget (ties: fewer false alerts). */
export function bestWithin(points: readonly CurvePoint[], budget = BUDGET): CurvePoint | undefined {
  return points
    .filter((p) => p.score.falsePerPersonQuarter <= budget)
    .sort(
      (a, b) =>
        b.score.sensitivity - a.score.sensitivity ||
        a.score.falsePerPersonQuarter - b.score.falsePerPersonQuarter,
    )[0];
}

/**
 * Timely sensitivity where the curve spends exactly the budget: linear between the two values of k
 * whose false alert-days bracket it. `atLeast` when even the lowest k stays within the budget.
 */
export function atBudget(
  points: readonly CurvePoint[],
  budget = BUDGET,
): { sensitivity: number; atLeast: boolean } | undefined {
  const byK = [...points].sort((a, b) => a.k - b.k);
  const f = (p: CurvePoint) => p.score.falsePerPersonQuarter;
  if (byK.length && f(byK[0]!) <= budget) return { sensitivity: byK[0]!.score.sensitivity, atLeast: true };
  for (let i = 1; i < byK.length; i++) {
    const [a, b] = [byK[i - 1]!, byK[i]!];
    if (f(a) > budget && f(b) <= budget) {
      const t = (f(a) - budget) / (f(a) - f(b));
      return {
        sensitivity: a.score.sensitivity + t * (b.score.sensitivity - a.score.sensitivity),
        atLeast: false,
      };
    }
  }
  return undefined;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const at = (p: CurvePoint | undefined) =>
  p ? `${pct(p.score.sensitivity)} ${p.score.falsePerPersonQuarter.toFixed(3)}` : '–';
const interp = (x: ReturnType<typeof atBudget>) =>
  x ? `${x.atLeast ? '≥ ' : ''}${pct(x.sensitivity)}` : '–';

/** One row per scenario: at the default k, and at the budget along each seed's curve (interpolated). */
export function formatSeeds(results: readonly SeedResult[], defaultK: number): string {
  const head = [
    'system',
    ...results.map((r) => `seed ${r.seed} default k`),
    ...results.map((r) => `seed ${r.seed} at ${BUDGET}`),
    `mean at ${BUDGET}`,
  ];
  const rows = (results[0]?.curves ?? []).map((c, i) => {
    const atDefault = results.map((r) => r.curves[i]!.points.find((p) => Math.abs(p.k - defaultK) < 1e-9));
    const budget = results.map((r) => atBudget(r.curves[i]!.points));
    const mean = budget.every((b) => b)
      ? budget.reduce((a, b) => a + b!.sensitivity, 0) / budget.length
      : Number.NaN;
    return [
      c.scenario.name,
      ...atDefault.map(at),
      ...budget.map(interp),
      Number.isNaN(mean) ? '–' : pct(mean),
    ];
  });
  return table(head, rows);
}

/** Held out: k chosen for each system on the tuning seed (best within budget), applied to the others. */
export function formatHeldOut(tuning: SeedResult, results: readonly SeedResult[]): string {
  const head = ['system', `k from seed ${tuning.seed}`, ...results.map((r) => `seed ${r.seed}`), 'mean'];
  const rows = tuning.curves.map((c, i) => {
    const k = bestWithin(c.points)?.k;
    const pts = results.map((r) =>
      r.curves[i]!.points.find((p) => k !== undefined && Math.abs(p.k - k) < 1e-9),
    );
    const mean = (f: (p: CurvePoint) => number) =>
      pts.reduce((a, p) => a + (p ? f(p) : 0), 0) / results.length;
    return [
      c.scenario.name,
      k === undefined ? '–' : k.toFixed(2),
      ...pts.map(at),
      `${pct(mean((p) => p.score.sensitivity))} ${mean((p) => p.score.falsePerPersonQuarter).toFixed(3)}`,
    ];
  });
  return table(head, rows);
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
