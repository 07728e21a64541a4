// `npm run evaluate -- --personal [--people 200] [--days 180] [--seeds 6,7,8] [--tune-seed 1]
//  [--what-if] [--out DIR]`: physiology only against physiology + person (tools/evaluation/personal.ts) on the
// given seeds, each along the curve of k, plus a held-out comparison with k chosen on the tuning seed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from '../../scripts/sim.args';
import { DEFAULT_WARNING_CONFIG } from '../../src/warnings/warning.config';
import { BUDGET, formatHeldOut, formatSeeds, runSeed, SCENARIOS, type SeedResult, WHAT_IF } from './personal';

/** The curve of k: the default's neighbourhood, wide enough to reach the budget for every system. */
const KS = [1.8, 1.95, 2.1, 2.25, 2.4];

export function runPersonalCli(argv: string[]): void {
  const list = (flag: string, dflt: number[]) => {
    const at = argv.indexOf(flag);
    if (at < 0) return dflt;
    const xs = (argv.splice(at, 2)[1] ?? '').split(',').map(Number);
    if (!xs.length || xs.some((x) => !Number.isInteger(x) || x < 0))
      throw new Error(`${flag} takes seeds like 6,7,8`);
    return xs;
  };
  const whatIf = argv.includes('--what-if');
  if (whatIf) argv.splice(argv.indexOf('--what-if'), 1);
  const scenarios = whatIf ? [...SCENARIOS, ...WHAT_IF] : SCENARIOS;
  const seeds = list('--seeds', [6, 7, 8]);
  const [tuneSeed] = list('--tune-seed', [1]);
  const args = parseArgs(argv, { people: 200, days: 180, seed: 0, out: 'sim-output' });
  const t0 = Date.now();
  const ks = KS.includes(DEFAULT_WARNING_CONFIG.cusumK) ? KS : [...KS, DEFAULT_WARNING_CONFIG.cusumK].sort();
  const run = (seed: number): SeedResult => {
    const r = runSeed(
      { people: args.people, days: args.days, seed, endDateMs: args.endDateMs, gaps: true },
      DEFAULT_WARNING_CONFIG,
      ks,
      scenarios,
    );
    console.error(`seed ${seed}: ${r.episodes} episodes, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    return r;
  };
  const tuning = run(tuneSeed!);
  const results = seeds.map(run);
  console.log(
    `${args.people} people × ${args.days} days; warned ≤ 7 d, false alert-days per person-quarter (k). ` +
      `Budget ${BUDGET}. Scenarios: ${scenarios.map((s) => s.name).join('; ')}.`,
  );
  console.log(
    `\nEach seed along its own curve of k (default k ${DEFAULT_WARNING_CONFIG.cusumK}, best k within budget):`,
  );
  console.log(formatSeeds(results, DEFAULT_WARNING_CONFIG.cusumK));
  console.log(`\nHeld out: k chosen per system on seed ${tuneSeed} (best within the budget there):`);
  console.log(formatHeldOut(tuning, results));
  for (const r of [tuning, ...results])
    for (const c of r.curves.slice(1)) {
      const p = c.points.find((x) => x.k === DEFAULT_WARNING_CONFIG.cusumK);
      if (!p) continue;
      console.log(
        `seed ${r.seed}, ${c.scenario.name}, default k: evenings answered ${(100 * p.answered).toFixed(0)}%, ` +
          `check-in weight at onset ${p.weightAtOnset.toFixed(2)}, dismissals ${JSON.stringify(p.dismissals)}, ` +
          `false alert-days by cause ${JSON.stringify(p.score.falseByCause)}`,
      );
    }
  mkdirSync(args.out, { recursive: true });
  writeFileSync(join(args.out, 'personal.json'), `${JSON.stringify({ tuning, results }, null, 1)}\n`);
  console.error(`wrote ${join(args.out, 'personal.json')} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
