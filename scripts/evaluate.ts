// `tsx scripts/evaluate.ts --people 200 --days 180 --seed 2 [--out DIR] [--episode-scale X]
//  [--config '{"cusumK":2}'] [--in-order]`: simulate in process, run Respite (default config, or with
// the given overrides) and the reference rules on the same nights, print a table, write
// DIR/evaluation.json. The nights are assembled as the service assembles them: the two topics'
// batches delivered in a seeded interleaving, sleep far ahead of HRV, through WarningsProcessor
// (tools/evaluation/nights.through-processor.ts); `--in-order` assembles them in process instead.
// With `--personal`: physiology only against physiology + person (tools/evaluation/personal.cli.ts).
// `--curve [--seeds 21,22,23] [--budget 0.25]`: the trade-off curve instead (tools/evaluation/curve.ts).
// `--ladder [--seeds 41,42,43] [--budget 0.25]`: from the oracle to Respite, one piece of knowledge
// taken away per rung (tools/evaluation/ladder.ts).
// Both take the nights through the service's processing path as above (`--in-order`: in process).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_WARNING_CONFIG, type WarningConfig } from '../src/warnings/warning.config';
import { formatTable, runBenchmark } from '../tools/evaluation/benchmark';
import { curveCommand } from '../tools/evaluation/curve.command';
import { ladderCommand } from '../tools/evaluation/ladder.command';
import { nightsFromMessages } from '../tools/evaluation/nights.from-messages';
import { nightsThroughProcessor } from '../tools/evaluation/nights.through-processor';
import { runPersonalCli } from '../tools/evaluation/personal.cli';
import { streamCohort } from '../tools/simulator/cohort.simulator';
import { parseArgs } from './sim.args';

if (process.argv.includes('--personal')) {
  runPersonalCli(process.argv.slice(2).filter((a) => a !== '--personal'));
  process.exit(0);
}
const curve = process.argv.includes('--curve');
const ladder = process.argv.includes('--ladder');
async function main(): Promise<void> {
  if (curve) return curveCommand(process.argv.slice(2).filter((a) => a !== '--curve'));
  if (ladder) return ladderCommand(process.argv.slice(2).filter((a) => a !== '--ladder'));
  const argv = process.argv.slice(2).filter((a) => a !== '--in-order');
  const inOrder = process.argv.includes('--in-order');
  const at = argv.indexOf('--config');
  const overrides: Partial<WarningConfig> = at >= 0 ? JSON.parse(argv.splice(at, 2)[1] ?? '{}') : {};
  const args = parseArgs(argv, { people: 200, days: 180, seed: 2, out: 'sim-output' });
  const t0 = Date.now();
  const options = {
    people: args.people,
    days: args.days,
    seed: args.seed,
    endDateMs: args.endDateMs,
    gaps: true,
    ...(args.episodeScale !== 1 ? { episodeScale: args.episodeScale } : {}),
  };
  const nowMs = args.endDateMs + 2 * 86_400_000;
  const delivered = inOrder
    ? undefined
    : await nightsThroughProcessor(streamCohort(options).messages(), nowMs, { seed: args.seed });
  const result = runBenchmark(options, { ...DEFAULT_WARNING_CONFIG, ...overrides }, undefined, delivered);
  const c = result.cohort;
  console.log(
    `${c.people} people × ${args.days} days (seed ${args.seed}${args.episodeScale !== 1 ? `, episode effects ×${args.episodeScale}` : ''}): ${c.nights} nights, ${c.episodes} stress episodes; ` +
      `confounders ${JSON.stringify(c.confounders)}; rejected messages ${JSON.stringify(c.rejectedMessages)}`,
  );
  if (at >= 0) console.log(`Respite config overrides: ${JSON.stringify(overrides)}`);
  if (delivered) {
    // the same nights assembled in process, in order: what the service's path must match
    const ordered = nightsFromMessages(streamCohort(options).messages(), nowMs).nights;
    let differ = 0;
    for (const [subjectId, list] of ordered) {
      const got = delivered.nights.get(subjectId) ?? [];
      differ += Math.abs(list.length - got.length);
      for (const [i, n] of list.entries())
        if (got[i] && JSON.stringify(got[i]) !== JSON.stringify(n)) differ++;
    }
    console.log(
      `Nights through WarningsProcessor, the topics' batches interleaved as Kafka delivers them (seed ${args.seed}, ` +
        `${delivered.batches} batches, up to ${delivered.maxPending} nights waiting at once): ${differ} nights differ from ` +
        `the in-order assembly; late HRV readings ${delivered.lateHrv}; evaluated at the cap ${delivered.incomplete}`,
    );
  }
  console.log(formatTable(result));
  const respite = result.systems[0]!.score;
  console.log(
    `Respite: nudges ${result.respite.nudgesPerPersonQuarter.toFixed(2)} per person-quarter; held nights ` +
      `${JSON.stringify(result.respite.heldNights)}; false alert-days by cause ${JSON.stringify(respite.falseByCause)}`,
  );
  mkdirSync(args.out, { recursive: true });
  writeFileSync(join(args.out, 'evaluation.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.error(`wrote ${join(args.out, 'evaluation.json')} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
