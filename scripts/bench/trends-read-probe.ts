// What the trends job's two reads cost InfluxDB, by query language, on a bucket built once and kept:
//   npx tsx scripts/bench/trends-read-probe.ts build --people 10000   (90 nights of `daily`, the kept weeks in blocks)
//   npx tsx scripts/bench/trends-read-probe.ts probe --people 10000 [--form flux-weeks,…] [--repeat 2]
//   npx tsx scripts/bench/trends-read-probe.ts drop --people 10000
// Each form reads last week's `daily` nights, the whole window of a first trends run or the kept
// weeks of the baseline window in one streamed query and consumes the bytes; it prints wall time,
// influxd CPU, bytes and rows (`service-…` forms: through CohortQuery, with the service's CPU).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { InfluxDB } from '@influxdata/influxdb-client';
import { BucketsAPI, OrgsAPI } from '@influxdata/influxdb-client-apis';
import { CohortQuery } from '../../src/influx/influx.cohort-query';
import { trendWeekLine } from '../../src/influx/influx.lines';
import { PointWriter } from '../../src/influx/influx.point-writer';
import { Pseudonymizer } from '../../src/privacy/pseudonymizer';
import { BASELINE_LOOKBACK_DAYS } from '../../src/trends/trends.contributions';
import {
  baselineWeeks,
  blockOf,
  blocksToWrite,
  type WeekRecord,
  weekOf,
} from '../../src/trends/trends.history';
import { addDays, dateMs, lastPeriod } from '../../src/trends/trends.periods';
import { loadStackEnv } from '../lib/stack-env';
import { cpuSeconds, serverPids, settle } from './cpu';
import { writeDaily } from './scale-data';

const { positionals, values: args } = parseArgs({
  allowPositionals: true,
  options: {
    people: { type: 'string', default: '10000' },
    form: { type: 'string', default: '' },
    repeat: { type: 'string', default: '2' },
  },
});
const root = join(__dirname, '..', '..');
const stack = loadStackEnv(root);
const org = stack.INFLUX_ORG ?? 'respite';
const influx = new InfluxDB({ url: stack.INFLUX_URL!, token: stack.INFLUX_TOKEN!, timeout: 600_000 });
const stateFile = join(tmpdir(), `respite-trends-read-probe-${args.people}.json`);
const now = new Date();
const last = lastPeriod('weekly', now);
const window = baselineWeeks(last.start);
const to = addDays(last.end, 1);

async function build(): Promise<void> {
  const n = Number(args.people);
  const { orgs } = await new OrgsAPI(influx).getOrgs({ org });
  const name = `t-trends-read-probe-${n}-${randomBytes(3).toString('hex')}`;
  const bucket = await new BucketsAPI(influx).postBuckets({
    body: { orgID: orgs![0]!.id!, name, retentionRules: [] },
  });
  const p = new Pseudonymizer([{ keyId: 's1', secret: randomBytes(24).toString('hex') }]);
  const pids = Array.from({ length: n }, (_, i) => p.pid(`probe-${i}`));
  await writeDaily(stack, name, pids, 90, now);
  const writer = new PointWriter(influx, {
    INFLUX_URL: stack.INFLUX_URL!,
    INFLUX_TOKEN: stack.INFLUX_TOKEN!,
    INFLUX_ORG: org,
    INFLUX_BUCKET: name,
    INFLUX_GZIP: false,
    INFLUX_WRITE_TIMEOUT_MS: 120_000,
  });
  // the kept weeks as the first run leaves them: every week of the window, all nights covered, in blocks
  const weeks: string[] = [];
  for (let w = weekOf(window.from); w <= last.end; w = addDays(w, 7)) weeks.push(w);
  let lines: string[] = [];
  const kept: WeekRecord[] = [];
  for (const [i, pid] of pids.entries()) {
    for (const week of weeks) {
      const nights = Array.from({ length: 7 }, (_, d) => {
        const v = ((i * 7919 + d * 104_729 + week.charCodeAt(9)) % 1000) / 1000;
        return { night: addDays(week, d), lnRmssd: 3.4 + v / 2.5, rhrBpm: 52 + v * 12, sleepH: 6 + v * 2 };
      });
      kept.push({ week, covered: 0x7f, nights });
    }
    for (const b of blocksToWrite(new Map(), kept)) lines.push(trendWeekLine(pid, dateMs(b.start), b.packed));
    kept.length = 0;
    if (lines.length >= 20_000) {
      await writer.write(lines);
      lines = [];
    }
  }
  await writer.write(lines);
  writeFileSync(stateFile, JSON.stringify({ bucket: name, bucketId: bucket.id! }));
  console.error(`built ${n} people (${weeks.length} weeks each): ${name}`);
}

/** The same bytes as the kept weeks, in records of 4 weeks (`trend_block`): is the cost per row or per byte? */
async function blocks(): Promise<void> {
  const s = JSON.parse(readFileSync(stateFile, 'utf8')) as { bucket: string };
  const p = new Pseudonymizer([{ keyId: 's1', secret: randomBytes(24).toString('hex') }]);
  const writer = new PointWriter(influx, {
    INFLUX_URL: stack.INFLUX_URL!,
    INFLUX_TOKEN: stack.INFLUX_TOKEN!,
    INFLUX_ORG: org,
    INFLUX_BUCKET: s.bucket,
    INFLUX_GZIP: false,
    INFLUX_WRITE_TIMEOUT_MS: 120_000,
  });
  const packed = 'A'.repeat(940);
  let lines: string[] = [];
  for (let i = 0; i < Number(args.people); i++) {
    for (let b = 0; b < 4; b++)
      lines.push(
        `trend_block,pid=${p.pid(`probe-${i}`)} v="${packed}" ${dateMs(addDays(weekOf(window.from), 28 * b))}`,
      );
    if (lines.length >= 20_000) {
      await writer.write(lines);
      lines = [];
    }
  }
  await writer.write(lines);
}

const FIELDS = '"ln_rmssd", "ln_sdnn", "sleep_h", "rhr_bpm"';
const ns = (date: string) => `${dateMs(date)}000000`;
const flux = (bucket: string, body: string) => `from(bucket: "${bucket}")\n  |> range(start: ${body}`;
const FORMS: Record<string, (bucket: string) => { lang: 'flux' | 'influxql'; q: string; accept?: string }> = {
  'flux-weeks': (b) => ({
    lang: 'flux',
    q: flux(
      b,
      `${blockOf(window.from)}T00:00:00Z, stop: ${to}T00:00:00Z)\n  |> filter(fn: (r) => r._measurement == "trend_week" and r._field == "v")`,
    ),
  }),
  'flux-weeks-keep': (b) => ({
    lang: 'flux',
    q: `${flux(
      b,
      `${blockOf(window.from)}T00:00:00Z, stop: ${to}T00:00:00Z)\n  |> filter(fn: (r) => r._measurement == "trend_week" and r._field == "v")`,
    )}\n  |> keep(columns: ["_time", "_value", "pid"])`,
  }),
  'flux-weeks-group': (b) => ({
    lang: 'flux',
    q: `${flux(
      b,
      `${blockOf(window.from)}T00:00:00Z, stop: ${to}T00:00:00Z)\n  |> filter(fn: (r) => r._measurement == "trend_week" and r._field == "v")`,
    )}\n  |> group()`,
  }),
  'flux-daily-group': (b) => ({
    lang: 'flux',
    q: `${flux(
      b,
      `${last.start}T00:00:00Z, stop: ${to}T00:00:00Z)\n  |> filter(fn: (r) => r._measurement == "daily" and (r._field == "ln_rmssd" or r._field == "ln_sdnn" or r._field == "sleep_h" or r._field == "rhr_bpm"))`,
    )}\n  |> group()`,
  }),
  'flux-blocks': (b) => ({
    lang: 'flux',
    q: flux(
      b,
      `${weekOf(window.from)}T00:00:00Z, stop: ${to}T00:00:00Z)\n  |> filter(fn: (r) => r._measurement == "trend_block" and r._field == "v")`,
    ),
  }),
  'influxql-weeks-csv': () => ({
    lang: 'influxql',
    accept: 'application/csv',
    q: `SELECT "v" FROM "trend_week" WHERE time >= ${ns(blockOf(window.from))} AND time < ${ns(to)} GROUP BY "pid"`,
  }),
  'influxql-weeks-json': () => ({
    lang: 'influxql',
    q: `SELECT "v" FROM "trend_week" WHERE time >= ${ns(blockOf(window.from))} AND time < ${ns(to)} GROUP BY "pid"`,
  }),
  'flux-daily': (b) => ({
    lang: 'flux',
    q: flux(
      b,
      `${last.start}T00:00:00Z, stop: ${to}T00:00:00Z)\n  |> filter(fn: (r) => r._measurement == "daily" and (r._field == "ln_rmssd" or r._field == "ln_sdnn" or r._field == "sleep_h" or r._field == "rhr_bpm"))`,
    ),
  }),
  'flux-daily-all': (b) => ({
    lang: 'flux',
    q: flux(
      b,
      `${window.from}T00:00:00Z, stop: ${to}T00:00:00Z)\n  |> filter(fn: (r) => r._measurement == "daily" and (r._field == "ln_rmssd" or r._field == "ln_sdnn" or r._field == "sleep_h" or r._field == "rhr_bpm"))`,
    ),
  }),
  'influxql-daily-all-csv': () => ({
    lang: 'influxql',
    accept: 'application/csv',
    q: `SELECT ${FIELDS} FROM "daily" WHERE time >= ${ns(window.from)} AND time < ${ns(to)} GROUP BY "pid", "source"`,
  }),
  'influxql-daily-json': () => ({
    lang: 'influxql',
    q: `SELECT ${FIELDS} FROM "daily" WHERE time >= ${ns(last.start)} AND time < ${ns(to)} GROUP BY "pid", "source"`,
  }),
  'influxql-daily-csv': () => ({
    lang: 'influxql',
    accept: 'application/csv',
    q: `SELECT ${FIELDS} FROM "daily" WHERE time >= ${ns(last.start)} AND time < ${ns(to)} GROUP BY "pid", "source"`,
  }),
};

/** The service's own reads (CohortQuery), rows parsed and grouped by pid, nothing done with them. */
const ADAPTER: Record<string, (q: CohortQuery) => Promise<void>> = {
  'service-period-influxql': (q) => q.dailyByPid({ from: last.start, to }, () => undefined),
  'service-weeks-flux': (q) => q.weeksByPid({ from: blockOf(window.from), to }, () => undefined),
  // the first run's full pass: the period and the 90 days before it
  'service-all-influxql': (q) =>
    q.dailyByPid({ from: addDays(last.start, -BASELINE_LOOKBACK_DAYS), to }, () => undefined),
};

async function adapter(bucket: string, form: string): Promise<void> {
  const q = new CohortQuery(influx, {
    INFLUX_URL: stack.INFLUX_URL!,
    INFLUX_TOKEN: stack.INFLUX_TOKEN!,
    INFLUX_ORG: org,
    INFLUX_BUCKET: bucket,
    INFLUX_WRITE_TIMEOUT_MS: 600_000,
  });
  await settle(root, 60_000);
  const influxd = serverPids(root).influxd;
  const cpu0 = cpuSeconds(influxd);
  const own0 = process.cpuUsage();
  const t = performance.now();
  await ADAPTER[form]!(q);
  const own = process.cpuUsage(own0);
  console.log(
    `${form}: ${((performance.now() - t) / 1000).toFixed(2)} s, influxd CPU ${(cpuSeconds(influxd) - cpu0).toFixed(2)} s, own CPU ${((own.user + own.system) / 1e6).toFixed(2)} s`,
  );
}

async function run(bucket: string, form: string): Promise<void> {
  if (ADAPTER[form]) return adapter(bucket, form);
  const f = FORMS[form]!(bucket);
  const path =
    f.lang === 'flux'
      ? `/api/v2/query?org=${encodeURIComponent(org)}`
      : `/query?${new URLSearchParams({ db: bucket, chunked: 'true', chunk_size: '10000' })}`;
  const body =
    f.lang === 'flux' ? JSON.stringify({ query: f.q, type: 'flux' }) : `q=${encodeURIComponent(f.q)}`;
  const headers =
    f.lang === 'flux'
      ? { 'content-type': 'application/json', accept: 'text/csv' }
      : { 'content-type': 'application/x-www-form-urlencoded', ...(f.accept ? { accept: f.accept } : {}) };
  await settle(root, 60_000);
  const influxd = serverPids(root).influxd;
  const cpu0 = cpuSeconds(influxd);
  const t = performance.now();
  let bytes = 0;
  let lines = 0;
  let first = 0;
  for await (const chunk of influx.transport.iterate(path, body, { method: 'POST', headers })) {
    if (!first) first = performance.now() - t;
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) lines++;
  }
  const wall = (performance.now() - t) / 1000;
  console.log(
    `${form}: ${wall.toFixed(2)} s, influxd CPU ${(cpuSeconds(influxd) - cpu0).toFixed(2)} s, first byte ${(first / 1000).toFixed(2)} s, ${(bytes / 1e6).toFixed(1)} MB, ${lines} lines`,
  );
}

async function main(): Promise<void> {
  if (positionals[0] === 'build') return build();
  if (positionals[0] === 'blocks') return blocks();
  if (!existsSync(stateFile)) throw new Error('no probe bucket: run build first');
  const s = JSON.parse(readFileSync(stateFile, 'utf8')) as { bucket: string; bucketId: string };
  if (positionals[0] === 'drop') {
    await new BucketsAPI(influx).deleteBucketsID({ bucketID: s.bucketId });
    unlinkSync(stateFile);
    return;
  }
  const forms = args.form ? args.form.split(',') : [...Object.keys(FORMS), ...Object.keys(ADAPTER)];
  for (let r = 0; r < Number(args.repeat); r++) for (const form of forms) await run(s.bucket, form);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
