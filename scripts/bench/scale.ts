// `npm run bench:scale`: what grows with the number of people, measured at two sizes.
//   npm run bench:scale -- [--people 10000,100000] [--days 90] [--settle-ms 1000] [--duration 10]
//                          [--skip trends,erasure,takeover]  (e.g. with --days 0 to measure start and reads alone)
//                          [--skip settled]  (the erasures once InfluxDB has snapshotted its caches)
//                          [--skip nudges,consent,nights,check-ins]  (leave a read out of the 50-user phase)
//                          [--shard-group-days N]  (the bucket's shard groups; default the service's, 28 days)
//                          [--nights-repeat N]  (the nights read on a quiet influxd N times, each after it went quiet)
//                          [--live-night judged|whole|merged]  (the live night as the service writes it: ingest's
//                            point, then the warnings' `judged` alone; before #21's judgedLine the whole point
//                            again; `merged`: each point once, as it ends up)
//   SCALE_PROFILE_DIR=DIR: a CPU profile of each trends run (it runs in this process) in DIR
// For each size it builds the world (scale-data.ts: consent, warning-state and inbox records, 90
// nights of `daily` points in a bucket of its own), then measures: cold start to ready (and until the
// inbox answers), the weekly trends job (wall time and influxd CPU), erasure of one person
// (consent.v1 revoked + erase → GET /v1/me/consent says erased; ERASURE_SETTLE_MS is --settle-ms) in three states of InfluxDB: right after the bulk
// build, once it has snapshotted every write cache of the bucket, and after a live night written
// on top of that (everyone's point of last night, in the current shard's cache, as in a live
// bucket), p50/p99 of GET /v1/me/nudges, /consent, /nights (60 nights from InfluxDB) and
// /check-ins under 50 concurrent users (autocannon), with influxd's and the service's CPU per
// answer, and the nights read again once influxd has gone quiet; and last a second instance taking
// over half the partitions (scale-takeover.ts). Topics and bucket are deleted after.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Kafka, logLevel } from 'kafkajs';
import { baselineWeeks, blockOf } from '../../src/trends/trends.history';
import { addDays, lastPeriod } from '../../src/trends/trends.periods';
import type { RunSummary } from '../../src/trends/trends.service';
import type { Period } from '../../src/trends/trends.types';
import { ServiceProcess } from '../../test/support/service-process';
import { TestTokens } from '../../test/support/tokens';
import { loadStackEnv } from '../lib/stack-env';
import { compiledService } from './contender-processes';
import { cpuSeconds, serverPids, settle } from './cpu';
import { groupLag } from './group-lag';
import { cacheBytes, untilCachesSnapshotted } from './influx-cache';
import { buildWorld, type ScaleWorld, writeDaily } from './scale-data';
import { takeover } from './scale-takeover';

const { values: args } = parseArgs({
  options: {
    people: { type: 'string', default: '10000,100000' },
    days: { type: 'string', default: '90' },
    'settle-ms': { type: 'string', default: '1000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    skip: { type: 'string', default: '' },
    // the world is built in the groups the service sets at start (INFLUX_SHARD_GROUP_DAYS)
    'shard-group-days': { type: 'string', default: '28' },
    // a p99 of 10 s moves with the minute (influxd's pauses): more passes say how much
    'nights-repeat': { type: 'string', default: '1' },
    'live-night': { type: 'string', default: 'judged' },
  },
});

type Figures = Record<string, number>;
const root = join(__dirname, '..', '..');

async function measure(kafka: Kafka, stack: NodeJS.ProcessEnv, n: number): Promise<Figures> {
  const t0 = performance.now();
  const world = await buildWorld(kafka, stack, n, Number(args.days), Number(args['shard-group-days']));
  // every figure is printed as it is taken, so a later step that fails does not lose it
  const f: Figures = new Proxy<Figures>(
    {},
    {
      set(o, k, v) {
        o[String(k)] = v;
        console.error(`${n} people: ${String(k)} = ${v}`);
        return true;
      },
    },
  );
  const built = performance.now();
  f['build s'] = (built - t0) / 1000;
  console.error(`built ${n} people in ${f['build s']!.toFixed(0)} s`);
  const tokens = new TestTokens();
  const env: NodeJS.ProcessEnv = {
    ...stack,
    ...world.env,
    ...tokens.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    RETENTION_SCHEDULE_ENABLED: 'false',
    TRENDS_SCHEDULE_ENABLED: 'false',
    NUDGE_RELEASE_ENABLED: 'false',
    ERASURE_SETTLE_MS: args['settle-ms'],
  };
  const skip = new Set(args.skip.split(','));
  const entry = compiledService(root);
  const services: ServiceProcess[] = [];
  try {
    // cold start: spawn → /health/ready (consent view caught up), then → the inbox answers
    const a = new ServiceProcess(env, entry);
    services.push(a);
    const t = performance.now();
    await a.start(600_000);
    f['cold start → ready s'] = (performance.now() - t) / 1000;
    const someone = await tokens.subject(world.subjects[0]!);
    const signed = performance.now();
    await until(() => get(a, '/v1/me/nudges', someone).then((s) => s === 200));
    f['cold start → inbox answers s'] = (performance.now() - t) / 1000;

    // personal reads under concurrent users, each request as one of 1,000 people
    const pool = await Promise.all(
      Array.from({ length: 1_000 }, (_, i) => tokens.subject(world.subjects[(i * 7919) % n]!)),
    );
    // the nights answer is read from InfluxDB: a timing of empty answers would say nothing
    const nights = ((await json(a, '/v1/me/nights', someone)) as { nights?: unknown[] } | undefined)?.nights;
    f['/v1/me/nights nights in one answer'] = nights?.length ?? 0;
    if (args.days !== '0' && !nights?.length) throw new Error('GET /v1/me/nights gave no nights');
    // each of the 50 users asks again as soon as answered (what the server can sustain), then
    // all 50 at the same moment once a second (autocannon's per-connection rate ticks together)
    const influxd = serverPids(root).influxd;
    for (const path of ['/v1/me/nudges', '/v1/me/consent', '/v1/me/nights', '/v1/me/check-ins']) {
      if (skip.has(path.slice('/v1/me/'.length))) continue;
      const cpu0 = [cpuSeconds(influxd), cpuSeconds(a.pid)];
      const r = await load(a.port, path, pool);
      f[`${path} p50 ms`] = r.p50;
      f[`${path} p99 ms`] = r.p99;
      f[`${path} req/s`] = r.rps;
      // where an answer's CPU goes (influxd's includes whatever else it did meanwhile: compactions)
      f[`${path} influxd CPU ms per answer`] = ((cpuSeconds(influxd) - cpu0[0]!) * 1000) / r.total;
      f[`${path} service CPU ms per answer`] = ((cpuSeconds(a.pid) - cpu0[1]!) * 1000) / r.total;
      const paced = await load(a.port, path, pool, 1);
      f[`${path} p50 ms, 50 at once each second`] = paced.p50;
      f[`${path} p99 ms, 50 at once each second`] = paced.p99;
    }

    // the nights read again once influxd has gone quiet: the reads above follow the bulk build
    // while influxd snapshots and compacts it, which a live bucket does not do all at once
    for (let k = 1; args.days !== '0' && k <= Number(args['nights-repeat']); k++) {
      const q = `/v1/me/nights, influxd quiet${k > 1 ? ` (pass ${k})` : ''}`;
      f[`influxd quiet before the nights read again after s${k > 1 ? ` (pass ${k})` : ''}`] =
        (await settle(root, 900_000)) / 1000;
      const cpu0 = [cpuSeconds(influxd), cpuSeconds(a.pid)];
      const r = await load(a.port, '/v1/me/nights', pool);
      f[`${q}: p50 ms`] = r.p50;
      f[`${q}: p99 ms`] = r.p99;
      f[`${q}: req/s`] = r.rps;
      f[`${q}: influxd CPU ms per answer`] = ((cpuSeconds(influxd) - cpu0[0]!) * 1000) / r.total;
      f[`${q}: service CPU ms per answer`] = ((cpuSeconds(a.pid) - cpu0[1]!) * 1000) / r.total;
      f[`${q}: load average`] = loadavg()[0]!;
      const paced = await load(a.port, '/v1/me/nights', pool, 1);
      f[`${q}: p50 ms, 50 at once each second`] = paced.p50;
      f[`${q}: p99 ms, 50 at once each second`] = paced.p99;
    }

    // the weekly trends job, in-process (it has no HTTP trigger), timed with influxd's CPU
    // a failed job is a figure too (NaN in the table), not the end of the run
    if (!skip.has('trends'))
      await trendsJob(env, f).catch((err: unknown) => {
        f['trends job s'] = Number.NaN;
        console.error(`trends job failed at ${n} people: ${String(err)}`);
      });
    // before the takeover: right after an instance leaves, an erasure waits for its group's rebalance
    if (!skip.has('erasure')) {
      // A new deployment's erasure group reads consent.v1 from its beginning (and commits every
      // record): an erasure queued behind that pass waits for it. Timed apart, then erasure alone.
      await until(
        async () =>
          (await groupLag(kafka, `${env.KAFKA_GROUP_ID}-erasure`, [world.topics.TOPIC_CONSENT!])) <= 0,
        1_000,
        1_800_000,
      );
      f['erasure group first pass over consent.v1 s'] = (performance.now() - t) / 1000;
      f['erasure right after the build: s since its last point'] = (performance.now() - built) / 1000;
      await erasure(kafka, stack.INFLUX_URL!, a, world, tokens, f, 1, 'erasure right after the build');
      if (!skip.has('settled')) await settledErasures(kafka, stack, a, world, tokens, f);
    }
    // takeover: a second instance joins the group and takes half the partitions
    if (!skip.has('takeover')) {
      const b = await takeover(kafka, env, entry, world, tokens, f);
      services.push(b);
      // what the probe before this change asked with: the token signed at cold start
      const age = (performance.now() - signed) / 1000;
      const status = await get(b, '/v1/me/nudges', someone);
      console.error(
        `the token signed at cold start (${age.toFixed(0)} s ago) gets HTTP ${status} from the 2nd instance`,
      );
      await b.kill('SIGTERM');
    }

    return f;
  } finally {
    for (const s of services) await s.kill('SIGTERM');
    await world.drop();
  }
}

/**
 * The service's classes as the image runs them, compiled (dist/, built once here), for the job this
 * process runs itself: not tsx's output, whose CommonJS reads every imported function through a
 * getter (at 10,000 people a first trends run's CPU 8.6 s through tsx, 8.2 s compiled; one run each).
 */
function compiled() {
  compiledService(root);
  const load = <T>(path: string): T => require(join(root, 'dist', path)) as T;
  return {
    bootstrap: load<typeof import('../../src/main')>('main').bootstrap,
    TrendsService:
      load<typeof import('../../src/trends/trends.service')>('trends/trends.service').TrendsService,
    CohortQuery: load<typeof import('../../src/influx/influx.cohort-query')>('influx/influx.cohort-query')
      .CohortQuery,
  };
}

/**
 * The trends job twice, as the schedule runs it: the week before last with no kept weeks (one full
 * pass over `daily`, keeping every person's weeks: the first run), then last week (its period from
 * `daily`, the baseline from the kept weeks: the steady state), then the Monday after it (a daily
 * run; a day further on would find nights no run kept in between and read `daily` again).
 */
async function trendsJob(env: NodeJS.ProcessEnv, f: Figures): Promise<void> {
  const { bootstrap, TrendsService, CohortQuery } = compiled();
  const app = await bootstrap({ ...env, INGEST_ENABLED: 'false', PORT: '0' });
  try {
    const influxd = serverPids(root).influxd;
    const now = new Date();
    const last = lastPeriod('weekly', now);
    const runs: [string, Period][] = [
      ['trends job first run', { start: addDays(last.start, -7), end: addDays(last.end, -7) }],
      ['trends job', last],
      ['trends daily run', { start: addDays(last.end, 1), end: addDays(last.end, 1) }],
    ];
    const timed = async (name: string, work: () => Promise<void>) => {
      // influxd's compactions of what the run before wrote are not charged to the next one
      f[`${name}: influxd quiet after s`] = (await settle(root, 180_000)) / 1000;
      f[`${name} load average`] = loadavg()[0]!;
      const cpu0 = cpuSeconds(influxd);
      const t = performance.now();
      await work();
      f[`${name} s`] = (performance.now() - t) / 1000;
      f[`${name} influxd CPU s`] = cpuSeconds(influxd) - cpu0;
    };
    for (const [name, period] of runs) {
      f[`${name}: influxd quiet after s`] = (await settle(root, 180_000)) / 1000;
      const cpu0 = cpuSeconds(influxd);
      const own0 = process.cpuUsage();
      const profile = await profiled(name);
      const t = performance.now();
      let run: RunSummary;
      let own: NodeJS.CpuUsage;
      try {
        run = await app.get(TrendsService).runPeriod(period, now);
        f[`${name} s`] = (performance.now() - t) / 1000;
        f[`${name} influxd CPU s`] = cpuSeconds(influxd) - cpu0;
        // the job runs in this process: its CPU is the service's share (on a shared machine the
        // wall time is at most the sum of both, often more)
        own = process.cpuUsage(own0);
      } finally {
        await profile(); // written after the figures are taken, and on a failed run too
      }
      f[`${name} service CPU s`] = (own.user + own.system) / 1e6;
      f[`${name} cohorts published`] = run.cohorts.filter((c) => c.published).length;
      f[`${name} load average`] = loadavg()[0]!;
    }
    // where a steady run's reads go: its two queries alone, nothing done with the rows
    const query = app.get(CohortQuery);
    const weeks = baselineWeeks(last.start);
    await timed("read alone: last week's nights from daily", () =>
      query.dailyByPid({ from: last.start, to: addDays(last.end, 1) }, () => {}),
    );
    await timed('read alone: the kept weeks', () =>
      query.weeksByPid({ from: blockOf(weeks.from), to: addDays(last.end, 1) }, () => {}),
    );
  } finally {
    await app.close();
  }
}

/**
 * With SCALE_PROFILE_DIR set, a CPU profile of this process (the trends job runs in it) over one
 * run, written as `<dir>/<run>.cpuprofile` for `npx tsx scripts/bench/profile-summary.ts <dir>`.
 */
async function profiled(name: string): Promise<() => Promise<void>> {
  const dir = process.env.SCALE_PROFILE_DIR;
  if (!dir) return async () => undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 1000 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name.replace(/\W+/g, '-')}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  };
}

/**
 * The erasure in the states an operator meets. A bulk load leaves every shard's write cache full
 * until influxd snapshots it (after storage-cache-snapshot-write-cold-duration without writes); a
 * live bucket has only the current shard's cache filled by the night's writes.
 */
async function settledErasures(
  kafka: Kafka,
  stack: NodeJS.ProcessEnv,
  a: ServiceProcess,
  world: ScaleWorld,
  tokens: TestTokens,
  f: Figures,
) {
  f['influxd snapshotted every cache of the bucket after a further s'] =
    (await untilCachesSnapshotted(stack.INFLUX_URL!, world.bucket.id)) / 1000;
  await erasure(kafka, stack.INFLUX_URL!, a, world, tokens, f, 2, 'erasure, caches snapshotted');
  const influxd = serverPids(root).influxd;
  const cpu0 = cpuSeconds(influxd);
  const t = performance.now();
  const live = (form: 'stored' | 'ingest' | 'judged') =>
    writeDaily(stack, world.bucket.name, world.pids, 1, new Date(), 0, Number(args.days), form);
  const night = args['live-night'];
  if (night === 'merged') await live('stored');
  else if (night === 'judged' || night === 'whole') {
    await live('ingest');
    await live(night === 'judged' ? 'judged' : 'stored');
  } else throw new Error(`--live-night: judged, whole or merged, not ${night}`);
  f[`a live night (everyone's point of last night, ${night}) written in s`] = (performance.now() - t) / 1000;
  f['… influxd CPU s while it was written'] = cpuSeconds(influxd) - cpu0;
  await erasure(kafka, stack.INFLUX_URL!, a, world, tokens, f, 3, 'erasure, settled + a live night');
}

/** Erasure of one person, driven by consent.v1 as any writer of it would. */
async function erasure(
  kafka: Kafka,
  influxUrl: string,
  a: ServiceProcess,
  world: ScaleWorld,
  tokens: TestTokens,
  f: Figures,
  who: number,
  figure: string,
) {
  const gone = world.subjects[who]!;
  const token = await tokens.subject(gone);
  f[`${figure}: influxd cache of the bucket MB`] = (await cacheBytes(influxUrl, world.bucket.id)) / 1e6;
  f[`${figure}: load average`] = loadavg()[0]!;
  const influxd = serverPids(root).influxd;
  const cpu0 = cpuSeconds(influxd);
  const producer = kafka.producer();
  await producer.connect();
  const t = performance.now();
  await producer.send({
    topic: world.topics.TOPIC_CONSENT!,
    acks: -1,
    messages: [
      {
        key: gone,
        value: JSON.stringify({
          subjectId: gone,
          status: 'revoked',
          scopes: [],
          cohorts: [],
          policyVersion: '2026-11',
          at: new Date().toISOString(),
          erase: true,
        }),
      },
    ],
  });
  await producer.disconnect();
  await until(async () => (await json(a, '/v1/me/consent', token))?.status === 'erased', 100);
  f[`${figure} s`] = (performance.now() - t) / 1000;
  // includes whatever else influxd did meanwhile (compactions of the build)
  f[`${figure}: influxd CPU s`] = cpuSeconds(influxd) - cpu0;
}

async function get(svc: ServiceProcess, path: string, token: string): Promise<number> {
  try {
    return (
      await fetch(`http://127.0.0.1:${svc.port}${path}`, { headers: { authorization: `Bearer ${token}` } })
    ).status;
  } catch {
    return 0;
  }
}

async function json(
  svc: ServiceProcess,
  path: string,
  token: string,
): Promise<{ status?: string } | undefined> {
  const r = await fetch(`http://127.0.0.1:${svc.port}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return r.ok ? ((await r.json()) as { status?: string }) : undefined;
}

async function until(probe: () => Promise<boolean>, everyMs = 250, timeoutMs = 900_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

function load(
  port: number,
  path: string,
  tokens: string[],
  perUserRate?: number,
): Promise<{ p50: number; p99: number; rps: number; total: number }> {
  let i = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `http://127.0.0.1:${port}${path}`,
        connections: Number(args.connections),
        duration: Number(args.duration),
        ...(perUserRate ? { connectionRate: perUserRate } : {}),
        requests: [
          {
            setupRequest: (req) => ({
              ...req,
              headers: { ...req.headers, authorization: `Bearer ${tokens[i++ % tokens.length]}` },
            }),
          },
        ],
      },
      (err, r) => {
        if (err) return reject(err);
        if (r.non2xx > 0) return reject(new Error(`${path}: ${r.non2xx} answers were not 2xx`));
        resolve({
          p50: r.latency.p50,
          p99: r.latency.p99,
          rps: Math.round(r.requests.average),
          total: r.requests.total,
        });
      },
    );
  });
}

async function main(): Promise<void> {
  const stack = loadStackEnv(root);
  const kafka = new Kafka({
    clientId: 'respite-scale',
    brokers: stack.KAFKA_BROKERS!.split(','),
    logLevel: logLevel.NOTHING,
  });
  const sizes = args.people.split(',').map(Number);
  const results: Figures[] = [];
  for (const n of sizes) {
    results.push(await measure(kafka, stack, n));
    console.error(JSON.stringify({ people: n, ...results.at(-1) }));
  }
  console.log(
    `\npeople: ${sizes.join(' / ')}, ${args.days} nights each, ERASURE_SETTLE_MS=${args['settle-ms']}, ${args.connections} concurrent users for ${args.duration} s`,
  );
  console.log(`| figure | ${sizes.map((s) => `${s.toLocaleString('en')} people`).join(' | ')} | growth |`);
  console.log(`|---|${sizes.map(() => '---:').join('|')}|---:|`);
  for (const k of Object.keys(results[0]!)) {
    const v = results.map((r) => r[k] ?? Number.NaN);
    const growth = v.length > 1 && v[0]! > 0 ? `${(v.at(-1)! / v[0]!).toFixed(1)}×` : '';
    console.log(
      `| ${k} | ${v.map((x) => (Number.isInteger(x) ? x : x.toFixed(2))).join(' | ')} | ${growth} |`,
    );
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
