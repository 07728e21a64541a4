// `npm run bench`: Respite's ingest against Telegraf and the bare clients, on the same data and the
// same servers, in one run. Prints a table with ratios and writes JSON to bench-results/.
//   npm run bench -- [--n 1000000] [--people 10000] [--skip-telegraf] [--repeat 1] [--budget BYTES]
// --budget sets Respite's INGEST_MEMORY_BUDGET_BYTES (default: the service's own default). Every
// contender runs in a process of its own and its peak RSS (VmHWM) is reported. The points go to a
// bucket of the run's own, which is deleted at the end, as are the run's topics. Respite runs
// compiled (`npm run build`, dist/main.js, as the image runs it); --tsx runs src/main.ts instead.
// With --repeat K the whole run (fresh topics, people, pids and series) is done K times and the
// median ratios are printed too: on a shared machine the speed drifts between contenders' turns.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { asConfigEntries, prefixedTopicNames, topicsToCreate } from '../../src/kafka/topics.catalog';
import { ownBucket } from '../../test/support/buckets';
import { serviceNodeFlags } from '../../test/support/service-process';
import { loadStackEnv } from '../lib/stack-env';
import { compiledService, respite, telegraf } from './contender-processes';
import type { Result } from './contenders';
import { bareConsumerProcess, rawWritesProcess } from './contenders-isolated';
import { settle } from './cpu';
import { benchReadings, benchSubjects } from './dataset';
import { latencyPhase } from './latency';
import { progress } from './progress';

const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '1000000' },
    people: { type: 'string', default: '10000' },
    'skip-telegraf': { type: 'boolean', default: false },
    telegraf: { type: 'string' },
    repeat: { type: 'string', default: '1' },
    budget: { type: 'string' },
    tsx: { type: 'boolean', default: false },
  },
});

async function runOnce(): Promise<Ratios> {
  const n = Number(args.n);
  const people = Number(args.people);
  const root = join(__dirname, '..', '..');
  const env = loadStackEnv(root);
  const runId = randomUUID().slice(0, 8);
  const prefix = `bench-${runId}`;
  const names = prefixedTopicNames(prefix);
  const topics = { hrv: names.TOPIC_HRV, sleep: names.TOPIC_SLEEP };
  const kafka = new Kafka({
    clientId: 'respite-bench',
    brokers: env.KAFKA_BROKERS!.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  // every topic of the catalog, per run, so that no state carries over between runs
  const created = topicsToCreate(names);
  await admin
    .createTopics({
      waitForLeaders: true,
      topics: created.map((t) => ({
        topic: t.topic,
        numPartitions: t.partitions,
        configEntries: asConfigEntries(t.config),
      })),
    })
    // a busy broker (the previous run's topics being deleted) can outlast kafkajs' wait for leaders
    .catch(() =>
      untilLeaders(
        admin,
        created.map((t) => t.topic),
      ),
    );
  await admin.disconnect();

  const subjects = benchSubjects(people, runId);
  const messages = benchReadings(n, subjects);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const at = new Date().toISOString();
  for (let i = 0; i < subjects.length; i += 2000) {
    await producer.send({
      topic: names.TOPIC_CONSENT,
      messages: subjects.slice(i, i + 2000).map((subjectId) => ({
        key: subjectId,
        value: JSON.stringify({
          subjectId,
          status: 'granted',
          scopes: ['ingest'],
          cohorts: [],
          policyVersion: '2026-11',
          at,
        }),
      })),
    });
  }
  for (let i = 0; i < n; i += 5000) {
    const chunk = messages.slice(i, i + 5000);
    await producer.sendBatch({
      acks: -1,
      topicMessages: (['hrv', 'sleep'] as const).map((k) => ({
        topic: topics[k],
        messages: chunk.filter((m) => m.topic === k).map((m) => ({ key: m.key, value: m.value })),
      })),
    });
    progress('producing', Math.min(n, i + 5000), n);
  }

  const bucket = await ownBucket(env, `bench-${runId}`);
  try {
    return await measure(
      kafka,
      env,
      names,
      topics,
      bucket.name,
      prefix,
      runId,
      n,
      people,
      messages,
      producer,
      root,
    );
  } finally {
    await producer.disconnect();
    await bucket.drop();
    const cleanup = kafka.admin();
    await cleanup.connect();
    await cleanup.deleteTopics({ topics: topicsToCreate(names).map((t) => t.topic) }).catch(() => undefined);
    await cleanup.disconnect();
  }
}

async function measure(
  kafka: Kafka,
  env: NodeJS.ProcessEnv,
  names: Record<string, string>,
  topics: { hrv: string; sleep: string },
  bucket: string,
  prefix: string,
  runId: string,
  n: number,
  people: number,
  messages: ReturnType<typeof benchReadings>,
  producer: ReturnType<Kafka['producer']>,
  root: string,
): Promise<Ratios> {
  const serviceEnv: NodeJS.ProcessEnv = {
    ...env,
    ...names,
    INFLUX_BUCKET: bucket,
    ...(args.budget ? { INGEST_MEMORY_BUDGET_BYTES: args.budget } : {}),
    KAFKA_GROUP_ID: `${prefix}-respite`,
    PSEUDONYM_KEYS: `b1:${randomBytes(24).toString('hex')}`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    NODE_ENV: 'test',
    INGEST_CONCURRENCY: process.env.INGEST_CONCURRENCY ?? '6',
    // the readings are dated January 2026: a 03:15 UTC retention tick would delete them mid-run
    RETENTION_SCHEDULE_ENABLED: 'false',
    // the servers are local: compressing costs both sides CPU and saves nothing (Telegraf alike)
    INFLUX_GZIP: process.env.INFLUX_GZIP ?? 'false',
  };
  const readingTopics = [topics.hrv, topics.sleep];
  const results: Result[] = [];
  // every contender starts with InfluxDB quiet (no compaction of the previous one's points)
  const quiet = async () => console.log(`InfluxDB quiet after ${((await settle(root)) / 1000).toFixed(0)} s`);
  await quiet();
  results.push(
    await bareConsumerProcess(env.KAFKA_BROKERS!.split(','), readingTopics, `${prefix}-bare`, n, root),
  );
  await quiet();
  results.push(await rawWritesProcess(messages, serviceEnv, topics, root));
  if (!args['skip-telegraf']) {
    const bin =
      args.telegraf ??
      require('node:child_process')
        .execFileSync('bash', [join(root, 'scripts/bench/build-telegraf.sh')], { encoding: 'utf8' })
        .trim();
    const workDir = join(root, '.stack', 'bench');
    await quiet();
    results.push(
      await telegraf(bin, kafka, { ...serviceEnv, KAFKA_GROUP_ID: prefix }, topics, n, workDir, root),
    );
  }
  // Respite last: its latency phase adds paced readings to the topics after the throughput run
  await quiet();
  const run = await respite(
    kafka,
    serviceEnv,
    readingTopics,
    n,
    root,
    args.tsx ? undefined : compiledService(root),
  );
  const latency = await latencyPhase(run.svc, producer, messages, topics, Math.min(20_000, n));
  results.push({ ...run.throughput, ...latency });
  await run.svc.kill('SIGTERM');
  const budget = args.budget ?? 'service default (33554432)';
  const nodeFlags = [...serviceNodeFlags(), process.env.RESPITE_SERVICE_NODE_ARGS ?? ''].join(' ').trim();
  return report(results, { n, people, runId, budget, nodeFlags }, root);
}

async function untilLeaders(admin: ReturnType<Kafka['admin']>, topics: string[]): Promise<void> {
  let last: unknown;
  for (let i = 0; i < 60; i++) {
    try {
      const meta = await admin.fetchTopicMetadata({ topics });
      if (meta.topics.every((t) => t.partitions.every((p) => p.leader >= 0))) return;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
  throw new Error(`the run's topics have no leaders after 60 s: ${String(last)}`);
}

interface Ratios {
  respiteVsTelegraf: number | null;
  respiteVsLowerLimit: number;
  /** Peak RSS, Respite / Telegraf. */
  rssVsTelegraf: number | null;
}

async function main(): Promise<void> {
  const runs: Ratios[] = [];
  for (let i = 0; i < Number(args.repeat); i++) runs.push(await runOnce());
  if (runs.length < 2) return;
  // of an even count, the mean of the middle two (the upper one alone flattered two-run medians)
  const median = (xs: number[]) => {
    if (xs.length === 0) return undefined;
    const s = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 === 1 ? s[mid]! : Math.round(((s[mid - 1]! + s[mid]!) / 2) * 100) / 100;
  };
  const tg = runs.map((r) => r.respiteVsTelegraf).filter((x): x is number => x !== null);
  const lim = runs.map((r) => r.respiteVsLowerLimit);
  const rss = runs.map((r) => r.rssVsTelegraf).filter((x): x is number => x !== null);
  console.log(
    `\nover ${runs.length} runs: Respite / Telegraf median ${median(tg) ?? 'n/a'} (${tg.join(', ')}) (target ≥ 1.5),`,
  );
  console.log(`Respite / lower limit median ${median(lim)} (${lim.join(', ')}) (target ≥ 0.9),`);
  console.log(
    `peak RSS Respite / Telegraf median ${median(rss) ?? 'n/a'} (${rss.join(', ')}) (target ≤ 1.5)`,
  );
}

function report(results: Result[], meta: Record<string, unknown>, root: string): Ratios {
  const find = (prefix: string) => results.find((r) => r.name.startsWith(prefix));
  const respiteR = find('Respite')!;
  const limit = Math.min(find('bare')!.perSecond, find('raw')!.perSecond);
  const tg = find('Telegraf');
  console.log(
    `\nreadings: ${meta.n}, people: ${meta.people}, cores: ${require('node:os').cpus().length}, Respite's INGEST_MEMORY_BUDGET_BYTES: ${meta.budget}, node flags: ${meta.nodeFlags}`,
  );
  console.log(
    '| contender | readings/s | seconds | p50 ms | p99 ms | peak RSS MiB | CPU ms per 1k readings: contender / influxd / kafka |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const cpu = r.cpu ? `${r.cpu.contenderMs} / ${r.cpu.influxdMs} / ${r.cpu.kafkaMs}` : '';
    console.log(
      `| ${r.name} | ${r.perSecond} | ${r.seconds.toFixed(1)} | ${r.p50Ms ?? ''} | ${r.p99Ms ?? ''} | ${r.peakRssMb ?? ''} | ${cpu} |`,
    );
  }
  for (const r of results) if (r.note) console.log(`${r.name}: ${r.note}`);
  const ratios: Ratios = {
    respiteVsTelegraf: tg ? +(respiteR.perSecond / tg.perSecond).toFixed(2) : null,
    respiteVsLowerLimit: +(respiteR.perSecond / limit).toFixed(2),
    rssVsTelegraf:
      tg?.peakRssMb && respiteR.peakRssMb ? +(respiteR.peakRssMb / tg.peakRssMb).toFixed(2) : null,
  };
  console.log(`\nRespite / Telegraf: ${ratios.respiteVsTelegraf ?? 'n/a'} (target ≥ 1.5)`);
  console.log(`Respite / lower of the two limits: ${ratios.respiteVsLowerLimit} (target ≥ 0.9)`);
  console.log(`peak RSS Respite / Telegraf: ${ratios.rssVsTelegraf ?? 'n/a'} (target ≤ 1.5)`);
  const dir = join(root, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ meta, results, ratios }, null, 2));
  console.log(`written: ${file}`);
  return ratios;
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
