// What one person's nights read costs InfluxDB and this process, by the form of the query (#21).
//   npx tsx scripts/bench/nights-read-probe.ts [--people 2000] [--queries 2000] [--lanes 8]
//                                              [--forms 'name|name'] [--shard-group-days N]
// Writes 90 nights of `daily` per person, as bench:scale does (with what each night was judged
// against), into a bucket of its own; waits for influxd to go quiet; then for each form runs
// `--queries` reads of random people, `--lanes` at a time, and prints per read: influxd's CPU,
// this process's CPU, and reads per second of wall time. The bucket is dropped after.
import { parseArgs } from 'node:util';
import { InfluxDB } from '@influxdata/influxdb-client';
import { selectSeries } from '../../src/influx/influx.influxql';
import { JUDGED_FIELD } from '../../src/influx/influx.lines';
import { ownBucket } from '../../test/support/buckets';
import { loadStackEnv } from '../lib/stack-env';
import { cpuSeconds, ownCpuSeconds, serverPids, settle } from './cpu';
import { writeDaily } from './scale-data';

const { values: args } = parseArgs({
  options: {
    people: { type: 'string', default: '2000' },
    queries: { type: 'string', default: '2000' },
    lanes: { type: 'string', default: '8' },
    forms: { type: 'string', default: '' },
    'shard-group-days': { type: 'string', default: '' },
  },
});

const DAY_MS = 86_400_000;
const quote = (fs: readonly string[]) => fs.map((f) => `"${f}"`).join(', ');
const VIEW = quote(['ln_rmssd', 'ln_sdnn', 'rhr_bpm', 'sleep_h', JUDGED_FIELD]);
const BEFORE = '*';

/** name → [fields, nights back from today] */
const FORMS: Record<string, [string, number]> = {
  'before #21: every field, 121 nights': [BEFORE, 121],
  'every field, 60 nights': [BEFORE, 60],
  'the view fields (5), 60 nights': [VIEW, 60],
  'sleep_h and judged (2: the view now), 60 nights': [quote(['sleep_h', JUDGED_FIELD]), 60],
  'four fields, 60 nights': [quote(['ln_rmssd', 'rhr_bpm', 'sleep_h', JUDGED_FIELD]), 60],
  'one field, 60 nights': [quote(['sleep_h']), 60],
  'the view fields (5), 7 nights': [VIEW, 7],
  'one field, 7 nights': [quote(['sleep_h']), 7],
};

async function main(): Promise<void> {
  const root = `${__dirname}/../..`;
  const stack = loadStackEnv(root);
  const bucket = await ownBucket(stack, 'nights-probe', {
    shardGroupDays: Number(args['shard-group-days']) || 0,
  });
  try {
    const n = Number(args.people);
    const pids = Array.from({ length: n }, (_, i) => `t1.probe${String(i).padStart(6, '0')}`);
    const now = new Date();
    await writeDaily(stack, bucket.name, pids, 90, now);
    const influx = new InfluxDB({ url: stack.INFLUX_URL!, token: stack.INFLUX_TOKEN!, timeout: 60_000 });
    const influxd = serverPids(root).influxd;
    const only = args.forms ? new Set(args.forms.split('|')) : undefined;
    for (const [name, [fields, nights]] of Object.entries(FORMS)) {
      if (only && !only.has(name)) continue;
      const quiet = await settle(root, 600_000);
      const fromNs = BigInt(Math.floor(now.getTime() / DAY_MS - nights + 1) * DAY_MS) * 1_000_000n;
      const cpu0 = cpuSeconds(influxd);
      const own0 = ownCpuSeconds();
      const t = performance.now();
      let next = 0;
      let rows = 0;
      const total = Number(args.queries);
      await Promise.all(
        Array.from({ length: Number(args.lanes) }, async () => {
          while (next < total) {
            const pid = pids[(next++ * 7919) % n]!;
            const q = `SELECT ${fields} FROM "daily" WHERE "pid" = '${pid}' AND time >= ${fromNs} AND time <= 9223372036854775806`;
            await selectSeries(influx, bucket.name, q, (s) => {
              rows += s.values.length;
            });
          }
        }),
      );
      const wall = (performance.now() - t) / 1000;
      const per = (s: number) => ((s * 1000) / total).toFixed(2);
      console.log(
        `| ${name} | ${per(cpuSeconds(influxd) - cpu0)} ms | ${per(ownCpuSeconds() - own0)} ms | ${Math.round(total / wall)}/s | ${(rows / total).toFixed(0)} | quiet after ${(quiet / 1000).toFixed(0)} s |`,
      );
    }
  } finally {
    await bucket.drop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
