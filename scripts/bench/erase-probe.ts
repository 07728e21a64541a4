// What one person's erasure costs InfluxDB, by form of the delete, on a bucket built once and kept:
//   npx tsx scripts/bench/erase-probe.ts build --people 100000 [--days 90] [--shard-group-days 7]
//   npx tsx scripts/bench/erase-probe.ts probe --people 100000 --form v2,influxql [--repeat 3]
//   npx tsx scripts/bench/erase-probe.ts warm --people 100000   (everyone's last night again: one
//                                                               shard's cache holds all of them)
//   npx tsx scripts/bench/erase-probe.ts drop --people 100000
// `build` writes N people's `daily` nights (as bench:scale does) to a bucket of its own and keeps
// its name and pids in the OS temp dir; each `probe` deletes people not deleted before, times the
// delete and influxd's CPU, and checks that the person has 0 points left and a neighbour all theirs.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { InfluxDB } from '@influxdata/influxdb-client';
import { BucketsAPI, OrgsAPI } from '@influxdata/influxdb-client-apis';
import { MEASUREMENTS } from '../../src/influx/influx.lines';
import { Pseudonymizer } from '../../src/privacy/pseudonymizer';
import { loadStackEnv } from '../lib/stack-env';
import { cpuSeconds, serverPids } from './cpu';
import { writeDaily } from './scale-data';

const { positionals, values: args } = parseArgs({
  allowPositionals: true,
  options: {
    people: { type: 'string', default: '100000' },
    days: { type: 'string', default: '90' },
    'shard-group-days': { type: 'string', default: '' },
    form: { type: 'string', default: 'v2,v2-per-measurement,v2-own-range,influxql' },
    repeat: { type: 'string', default: '3' },
    label: { type: 'string', default: '' },
  },
});

const root = join(__dirname, '..', '..');
const stack = loadStackEnv(root);
const org = stack.INFLUX_ORG ?? 'respite';
const influx = new InfluxDB({ url: stack.INFLUX_URL!, token: stack.INFLUX_TOKEN!, timeout: 600_000 });
const label =
  args.label || `${args.people}${args['shard-group-days'] ? `-sg${args['shard-group-days']}d` : ''}`;
const stateFile = join(tmpdir(), `respite-erase-probe-${label}.json`);

interface State {
  bucket: string;
  bucketId: string;
  pids: string[];
  used: number;
}

async function build(): Promise<void> {
  const n = Number(args.people);
  const { orgs } = await new OrgsAPI(influx).getOrgs({ org });
  const sg = Number(args['shard-group-days']) * 86_400;
  const name = `t-erase-probe-${label}-${randomBytes(3).toString('hex')}`;
  const bucket = await new BucketsAPI(influx).postBuckets({
    body: {
      orgID: orgs![0]!.id!,
      name,
      // everySeconds 0: kept for ever, as the service's bucket (retention deletes by measurement)
      retentionRules: sg > 0 ? [{ type: 'expire', everySeconds: 0, shardGroupDurationSeconds: sg }] : [],
    },
  });
  const p = new Pseudonymizer([{ keyId: 's1', secret: randomBytes(24).toString('hex') }]);
  const pids = Array.from({ length: n }, (_, i) => p.pid(`probe-${i}`));
  const t = performance.now();
  await writeDaily(stack, name, pids, Number(args.days), new Date());
  console.error(`built ${n} people in ${((performance.now() - t) / 1000).toFixed(0)} s: ${name}`);
  writeFileSync(
    stateFile,
    JSON.stringify({ bucket: name, bucketId: bucket.id!, pids, used: 0 } satisfies State),
  );
}

type Form = (s: State, pid: string) => Promise<void>;

const FORMS: Record<string, Form> = {
  // today's PointEraser.erasePid
  v2: (s, pid) => v2Delete(s, `pid="${pid}"`, '1970-01-01T00:00:00Z', futureIso()),
  'v2-per-measurement': async (s, pid) => {
    for (const m of MEASUREMENTS)
      await v2Delete(s, `_measurement="${m}" AND pid="${pid}"`, '1970-01-01T00:00:00Z', futureIso());
  },
  // only the person's own first..last point (found by a query, timed with the delete)
  'v2-own-range': async (s, pid) => {
    const rows = await influx.getQueryApi(org).collectRows<{ _time: string }>(
      `from(bucket: "${s.bucket}") |> range(start: 0, stop: 2100-01-01T00:00:00Z)
  |> filter(fn: (r) => r.pid == "${pid}") |> keep(columns: ["_time"]) |> group()
  |> reduce(identity: {lo: 0, hi: 0, n: 0}, fn: (r, accumulator) => ({
       lo: if accumulator.n == 0 or int(v: r._time) < accumulator.lo then int(v: r._time) else accumulator.lo,
       hi: if accumulator.n == 0 or int(v: r._time) > accumulator.hi then int(v: r._time) else accumulator.hi,
       n: accumulator.n + 1}))
  |> map(fn: (r) => ({_time: time(v: r.lo), hi: time(v: r.hi)}))`,
    );
    const r = rows[0] as unknown as { _time: string; hi: string } | undefined;
    if (r) await v2Delete(s, `pid="${pid}"`, r._time, r.hi);
  },
  // a pid with no points, an hour of time: what the walk over the bucket costs by itself
  'v2-nobody-1h': (s) =>
    v2Delete(
      s,
      'pid="nobody.0000000000000000000000"',
      new Date(Date.now() - 3_600_000).toISOString(),
      futureIso(0),
    ),
  influxql: (s, pid) => influxql(s, `DELETE WHERE "pid" = '${pid}'`),
};

function futureIso(days = 366): string {
  return new Date(Date.now() + days * 86_400_000).toISOString();
}

async function v2Delete(s: State, predicate: string, start: string, stop: string): Promise<void> {
  const r = await fetch(`${stack.INFLUX_URL}/api/v2/delete?org=${org}&bucket=${s.bucket}`, {
    method: 'POST',
    headers: { authorization: `Token ${stack.INFLUX_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ start, stop, predicate }),
  });
  if (r.status !== 204) throw new Error(`delete: ${r.status} ${await r.text()}`);
}

async function influxql(s: State, q: string): Promise<void> {
  const r = await fetch(`${stack.INFLUX_URL}/query?db=${encodeURIComponent(s.bucket)}`, {
    method: 'POST',
    headers: {
      authorization: `Token ${stack.INFLUX_TOKEN}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ q }).toString(),
  });
  const body = await r.text();
  if (!r.ok || body.includes('"error"')) throw new Error(`influxql: ${r.status} ${body}`);
}

async function points(s: State, pid: string): Promise<number> {
  const rows = await influx.getQueryApi(org).collectRows<{ _value: number }>(
    `from(bucket: "${s.bucket}") |> range(start: 0, stop: 2100-01-01T00:00:00Z)
  |> filter(fn: (r) => r.pid == "${pid}") |> group() |> count()`,
  );
  return rows.reduce((n, r) => n + Number(r._value), 0);
}

async function probe(): Promise<void> {
  const s = JSON.parse(readFileSync(stateFile, 'utf8')) as State;
  const influxd = serverPids(root).influxd;
  for (const form of args.form.split(',')) {
    const run = FORMS[form];
    if (!run) throw new Error(`unknown form ${form}: ${Object.keys(FORMS).join(', ')}`);
    for (let i = 0; i < Number(args.repeat); i++) {
      const pid = s.pids[s.used]!;
      const neighbour = s.pids[s.used + 1]!;
      s.used += 1;
      writeFileSync(stateFile, JSON.stringify(s));
      const before = await points(s, pid);
      const cpu0 = cpuSeconds(influxd);
      const t = performance.now();
      await run(s, pid);
      const ms = performance.now() - t;
      const cpu = cpuSeconds(influxd) - cpu0;
      const [after, theirs] = [await points(s, pid), await points(s, neighbour)];
      const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
      console.log(
        JSON.stringify({
          label,
          form,
          ms: Math.round(ms),
          influxdCpuS: cpu,
          before,
          after,
          neighbour: theirs,
          load,
        }),
      );
      if (form !== 'v2-nobody-1h' && (after !== 0 || before === 0))
        throw new Error(`${form}: ${before} → ${after}`);
    }
  }
}

/** What a live bucket has: the current shard's cache full of recent points (InfluxDB's 25 MB default). */
async function warm(): Promise<void> {
  const s = JSON.parse(readFileSync(stateFile, 'utf8')) as State;
  await writeDaily(stack, s.bucket, s.pids, 1, new Date());
}

async function drop(): Promise<void> {
  const s = JSON.parse(readFileSync(stateFile, 'utf8')) as State;
  await new BucketsAPI(influx).deleteBucketsID({ bucketID: s.bucketId });
  unlinkSync(stateFile);
}

const cmd = positionals[0];
const todo = { build, probe, warm, drop }[cmd ?? ''];
if (!todo || (cmd !== 'build' && !existsSync(stateFile))) {
  console.error('usage: erase-probe.ts build|probe|warm|drop --people N (probe/drop after build)');
  process.exit(2);
}
todo().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
