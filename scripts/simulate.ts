// `tsx scripts/simulate.ts --people N --days D --seed S [--out DIR] [--end YYYY-MM-DD]`
// Writes DIR/truth.json (options, people, episodes and confounders per person) and
// DIR/messages.ndjson: one `{ "topic": "hrv"|"sleep", "key": subjectId, "value": "<contract JSON>" }`
// per line, in event time (see streamCohort), ready to be produced to Kafka as they are.
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { streamCohort } from '../src/simulator/cohort.simulator';
import { parseArgs } from './sim.args';

const args = parseArgs(process.argv.slice(2), { people: 200, days: 180, seed: 1, out: 'sim-output' });
const options = {
  people: args.people,
  days: args.days,
  seed: args.seed,
  endDateMs: args.endDateMs,
  gaps: true,
  ...(args.episodeScale !== 1 ? { episodeScale: args.episodeScale } : {}),
};
const sim = streamCohort(options);
mkdirSync(args.out, { recursive: true });
writeFileSync(
  join(args.out, 'truth.json'),
  `${JSON.stringify({ options: { ...options, end: new Date(args.endDateMs).toISOString().slice(0, 10) }, people: sim.people, truth: sim.truth }, null, 2)}\n`,
);
const fd = openSync(join(args.out, 'messages.ndjson'), 'w');
const expected = args.people * args.days * 2;
const t0 = Date.now();
let n = 0;
let lines: string[] = [];
const flush = () => {
  if (lines.length) writeSync(fd, `${lines.join('\n')}\n`);
  lines = [];
  const pct = expected ? Math.min(100, (100 * n) / expected) : 100;
  process.stderr.write(
    `\r  ${n} messages (~${pct.toFixed(0)}%) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
};
for (const m of sim.messages()) {
  lines.push(JSON.stringify(m));
  if (++n % 5000 === 0) flush();
}
flush();
closeSync(fd);
const episodes = sim.truth.reduce((k, t) => k + t.episodes.length, 0);
process.stderr.write(
  `\n  wrote ${join(args.out, 'messages.ndjson')} and truth.json (${episodes} stress episodes)\n`,
);
