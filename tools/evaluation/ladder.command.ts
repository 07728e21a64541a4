// `npm run evaluate -- --ladder [--seeds 41,42,43] [--people 200] [--days 180] [--budget 0.25]
//  [--in-order] [--out DIR]`: the ladder from the oracle to Respite (ladder.ts), each rung swept over
// its own settings on the same nights and pooled over the seeds, then each rung's best setting
// within each budget. Nothing is tuned here, so it may run on held-out seeds.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { parseArgs } from '../../scripts/sim.args';
import { type NightInput } from '../../src/night/night';
import { createPersonState } from '../../src/warnings/person.state';
import { DEFAULT_WARNING_CONFIG } from '../../src/warnings/warning.config';
import { evaluateNight } from '../../src/warnings/warning.engine';
import { type PersonTruth, streamCohort } from '../simulator/cohort.simulator';
import { type CurvePoint, cohortNights, operatingPoint, poolScores, respiteAt } from './curve';
import { HELD_OUT_SEEDS } from './curve.command';
import {
  EVERYTHING,
  type Knowledge,
  knowing,
  levelAlerts,
  sensitivityAtBudget,
  simulatorNights,
} from './ladder';
import { estimatingNormal, type OracleParams, type OraclePerson, oracleAlerts, oracleCohort } from './oracle';
import { type PersonAlerts, type Score, scoreAlerts } from './scoring';

const steps = (from: number, to: number, by: number) =>
  Array.from(
    { length: Math.round((to - from) / by) + 1 },
    (_, i) => Math.round((from + i * by) * 1000) / 1000,
  );

/** The oracle's shape grid: clip, cap h and k (finer in k than the curve's, so the pick is close to the budget). */
export const SHAPE_GRID: readonly OracleParams[] = [1.5, 2, 3].flatMap((clip) =>
  [1, 1.5, 2, 3, 4].flatMap((h) =>
    steps(0.5, 2.25, 0.125).map((k) => ({ k, h, clip, skipConfounded: false })),
  ),
);
/** k at Respite's shape (clip 2, cap = alert at 1.5). */
export const RESPITE_SHAPE_KS = steps(1.2, 2.6, 0.05);
/** k of Respite's engine (rungs 6 and 7). */
export const ENGINE_KS = steps(1.6, 2.4, 0.05);

type Kind = 'grid' | 'shape' | 'rules' | 'engine';
export interface RungDef {
  name: string;
  kind: Kind;
  knows?: Knowledge;
  /** Respite's levels (two nights, step-down, dwell) instead of "alert while S ≥ h". */
  levels?: boolean;
  /** Not a step of the ladder: a comparison row, printed after it. */
  side?: boolean;
}

const RESPITE_KNOWS: Knowledge = { sd: false, weekend: false, normal: false, weights: false };
export const RUNGS: readonly RungDef[] = [
  { name: '0. Oracle', kind: 'grid', knows: EVERYTHING },
  { name: '1. − true noise SD → MAD scale', kind: 'grid', knows: { ...EVERYTHING, sd: false } },
  { name: '2. − weekend terms', kind: 'grid', knows: { ...EVERYTHING, sd: false, weekend: false } },
  {
    name: '3. − true normal → median of nights 7–59 back',
    kind: 'grid',
    knows: { ...RESPITE_KNOWS, weights: true },
  },
  { name: "4. − person's effect weights → Respite's", kind: 'grid', knows: RESPITE_KNOWS },
  { name: "5. − oracle's shape → clip 2, cap 1.5, k swept", kind: 'shape', knows: RESPITE_KNOWS },
  { name: "6. Respite's engine on the simulator's night values", kind: 'rules' },
  { name: '7. Respite: engine on the nights as the service assembles them', kind: 'engine' },
  { name: "side: 0 with Respite's levels", kind: 'grid', knows: EVERYTHING, levels: true, side: true },
  { name: "side: 4 with Respite's levels", kind: 'grid', knows: RESPITE_KNOWS, levels: true, side: true },
  { name: "side: 5 with Respite's levels", kind: 'shape', knows: RESPITE_KNOWS, levels: true, side: true },
];
export const ESTIMATING_REF = 'ref. Oracle, estimating the normal (curve)';

/** Respite's engine at k (the default's shape) over each person's nights, scored. */
function engineScore(
  people: readonly { subjectId: string; list: readonly NightInput[]; days: number[] }[],
  k: number,
  truth: readonly PersonTruth[],
): Score {
  const cfg = respiteAt(DEFAULT_WARNING_CONFIG, k, DEFAULT_WARNING_CONFIG.warnAt);
  const runs = people.map((p): PersonAlerts => {
    const state = createPersonState();
    return {
      subjectId: p.subjectId,
      days: p.days,
      alert: p.list.map((n) => evaluateNight(state, n, cfg).level === 'warning'),
    };
  });
  return scoreAlerts(runs, truth);
}

export interface LadderOptions {
  seeds: readonly number[];
  people: number;
  days: number;
  endDateMs: number;
  inOrder?: boolean;
  log?: (line: string) => void;
}

/** Every rung at every one of its settings, scored per seed and pooled (rung name → points). */
export async function runLadder(o: LadderOptions): Promise<Map<string, CurvePoint[]>> {
  const scores = new Map<string, Map<string, { seed: number; score: Score }[]>>();
  const add = (rung: string, setting: string, seed: number, score: Score) => {
    const bySetting = scores.get(rung) ?? new Map<string, { seed: number; score: Score }[]>();
    bySetting.set(setting, [...(bySetting.get(setting) ?? []), { seed, score }]);
    scores.set(rung, bySetting);
  };
  for (const seed of o.seeds) {
    const t0 = Date.now();
    const sim = { people: o.people, days: o.days, seed, endDateMs: o.endDateMs, gaps: true };
    const cohort = streamCohort(sim);
    const oracle = oracleCohort(sim);
    const scoreOracle = (people: readonly OraclePerson[], alerts: (p: OraclePerson) => boolean[]) =>
      scoreAlerts(
        people.map(
          (p): PersonAlerts => ({
            subjectId: p.subjectId,
            days: p.nights.map((n) => n.day),
            alert: alerts(p),
          }),
        ),
        cohort.truth,
      );
    const grid = (
      rung: string,
      people: readonly OraclePerson[],
      params: readonly OracleParams[],
      levels = false,
    ) => {
      for (const q of params)
        add(
          rung,
          `k ${q.k} h ${q.h} clip ${q.clip}`,
          seed,
          scoreOracle(people, (p) =>
            levels ? levelAlerts(p, q, DEFAULT_WARNING_CONFIG.minDwellNights) : oracleAlerts(p, q),
          ),
        );
    };
    const known = new Map<Knowledge, OraclePerson[]>();
    grid(ESTIMATING_REF, oracle.map(estimatingNormal), SHAPE_GRID);
    for (const r of RUNGS) {
      const t1 = Date.now();
      if (r.kind === 'grid' || r.kind === 'shape') {
        const people = known.get(r.knows!) ?? oracle.map((p) => knowing(p, r.knows!, DEFAULT_WARNING_CONFIG));
        known.set(r.knows!, people);
        grid(
          r.name,
          people,
          r.kind === 'grid'
            ? SHAPE_GRID
            : RESPITE_SHAPE_KS.map((k) => ({ k, h: 1.5, clip: 2, skipConfounded: false })),
          r.levels,
        );
      } else if (r.kind === 'rules') {
        const people = oracle.map((p) => ({
          subjectId: p.subjectId,
          list: simulatorNights(p),
          days: p.nights.map((n) => n.day),
        }));
        for (const k of ENGINE_KS) add(r.name, `k ${k}`, seed, engineScore(people, k, cohort.truth));
      } else {
        const people = await cohortNights(cohort, o, seed);
        for (const k of ENGINE_KS) add(r.name, `k ${k}`, seed, engineScore(people, k, cohort.truth));
      }
      o.log?.(`seed ${seed} ${r.name}: ${((Date.now() - t1) / 1000).toFixed(1)} s`);
    }
    o.log?.(`seed ${seed}: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  return new Map(
    [...scores].map(([rung, bySetting]) => [
      rung,
      [...bySetting].map(([setting, s]) => poolScores(rung, setting, s)),
    ]),
  );
}

const pct = (x: number) => (Number.isNaN(x) ? '–' : `${(100 * x).toFixed(1)}%`);

/**
 * Each rung at the budget: its best setting within it (pooled over the seeds, as the curve picks),
 * the sensitivity read off its frontier at exactly the budget, the share of the oracle's, and what
 * the step from the rung above cost (points, frontier reading).
 */
export function formatLadder(rungs: ReadonlyMap<string, readonly CurvePoint[]>, budget: number): string {
  const side = new Set([...RUNGS.filter((r) => r.side).map((r) => r.name), ESTIMATING_REF]);
  const names = [...RUNGS.map((r) => r.name), ESTIMATING_REF].filter((n) => rungs.has(n));
  const at = (n: string) => sensitivityAtBudget(rungs.get(n)!, budget);
  const top = at(RUNGS[0]!.name);
  const rows = names.map((n, i) => {
    const best = operatingPoint(rungs.get(n)!, budget);
    const here = at(n);
    const prev = i > 0 && !side.has(n) ? at(names[i - 1]!) : Number.NaN;
    return [
      n,
      best?.setting ?? `nothing ≤ ${budget}`,
      best
        ? `${pct(best.sensitivity)}, ${best.falsePerPersonQuarter.toFixed(3)} (${best.worstSeedFalse.toFixed(3)})`
        : '–',
      pct(here),
      Number.isNaN(here) ? '–' : `${((100 * here) / top).toFixed(0)}%`,
      Number.isNaN(prev) ? '' : `${(100 * (here - prev)).toFixed(1)}`,
    ];
  });
  const head = [
    'rung (each also lacks what the rungs above lack)',
    'best setting ≤ budget',
    'warned ≤ 7 d, false/pq (worst seed)',
    'at the budget (frontier)',
    'of oracle',
    'step (points)',
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export async function ladderCommand(argv: string[]): Promise<void> {
  const take = (flag: string): string | undefined => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv.splice(at, 2)[1] : undefined;
  };
  const seeds = (take('--seeds') ?? HELD_OUT_SEEDS.join(',')).split(',').map(Number);
  const budgets = (take('--budget') ?? '0.25').split(',').map(Number);
  if (seeds.some((s) => !Number.isInteger(s) || s < 0) || budgets.some((x) => !(x > 0)))
    throw new Error('--seeds takes whole numbers, --budget numbers > 0, separated by commas');
  const inOrder = argv.includes('--in-order');
  const args = parseArgs(
    argv.filter((a) => a !== '--in-order'),
    { people: 200, days: 180, seed: 0, out: '' },
  );
  const t0 = Date.now();
  const rungs = await runLadder({
    seeds,
    people: args.people,
    days: args.days,
    endDateMs: args.endDateMs,
    inOrder,
    log: (l) => console.error(l),
  });
  const path = inOrder
    ? 'nights assembled in process, in order'
    : "nights through the service's processing path";
  console.log(
    `Ladder: seeds ${seeds.join(', ')}, ${args.people} people × ${args.days} days each (pooled); rung 7: ${path}`,
  );
  for (const budget of budgets) {
    console.log(`\nAt ≤ ${budget} false alert-days per person-quarter:\n`);
    console.log(formatLadder(rungs, budget));
  }
  if (args.out) {
    mkdirSync(args.out, { recursive: true });
    writeFileSync(
      join(args.out, 'ladder.json'),
      `${JSON.stringify({ seeds, rungs: Object.fromEntries(rungs) }, null, 1)}\n`,
    );
  }
  console.error(`in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}
