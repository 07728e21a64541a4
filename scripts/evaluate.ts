// `tsx scripts/evaluate.ts --people 200 --days 180 --seed 2 [--out DIR] [--episode-scale X]
//  [--config '{"cusumK":2}']`: simulate in process, run Respite (default config, or with the given
// overrides) and the reference rules on the same nights, print a table, write DIR/evaluation.json.
// With `--personal`: physiology only against physiology + person (tools/evaluation/personal.cli.ts).
// `--curve [--seeds 21,22,23] [--budget 0.25]`: the trade-off curve instead (tools/evaluation/curve.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_WARNING_CONFIG, type WarningConfig } from '../src/warnings/warning.config';
import { formatTable, runBenchmark } from '../tools/evaluation/benchmark';
import { curveCommand } from '../tools/evaluation/curve.command';
import { runPersonalCli } from '../tools/evaluation/personal.cli';
import { parseArgs } from './sim.args';

const argv = process.argv.slice(2);
if (argv.includes('--personal')) {
  runPersonalCli(argv.filter((a) => a !== '--personal'));
  process.exit(0);
}
if (argv.includes('--curve')) {
  curveCommand(argv.filter((a) => a !== '--curve'));
  process.exit(0);
}
const at = argv.indexOf('--config');
const overrides: Partial<WarningConfig> = at >= 0 ? JSON.parse(argv.splice(at, 2)[1] ?? '{}') : {};
const args = parseArgs(argv, { people: 200, days: 180, seed: 2, out: 'sim-output' });
const t0 = Date.now();
const result = runBenchmark(
  {
    people: args.people,
    days: args.days,
    seed: args.seed,
    endDateMs: args.endDateMs,
    gaps: true,
    ...(args.episodeScale !== 1 ? { episodeScale: args.episodeScale } : {}),
  },
  { ...DEFAULT_WARNING_CONFIG, ...overrides },
);
const c = result.cohort;
console.log(
  `${c.people} people × ${args.days} days (seed ${args.seed}${args.episodeScale !== 1 ? `, episode effects ×${args.episodeScale}` : ''}): ${c.nights} nights, ${c.episodes} stress episodes; ` +
    `confounders ${JSON.stringify(c.confounders)}; rejected messages ${JSON.stringify(c.rejectedMessages)}`,
);
if (at >= 0) console.log(`Respite config overrides: ${JSON.stringify(overrides)}`);
console.log(formatTable(result));
const respite = result.systems[0]!.score;
console.log(
  `Respite: nudges ${result.respite.nudgesPerPersonQuarter.toFixed(2)} per person-quarter; held nights ` +
    `${JSON.stringify(result.respite.heldNights)}; false alert-days by cause ${JSON.stringify(respite.falseByCause)}`,
);
mkdirSync(args.out, { recursive: true });
writeFileSync(join(args.out, 'evaluation.json'), `${JSON.stringify(result, null, 2)}\n`);
console.error(`wrote ${join(args.out, 'evaluation.json')} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
