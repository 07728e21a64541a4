// `npm run replay -- --people 240 --days 180 --seed 1 [--rate N] [--instances K] [--partitions P]
//  [--hrv-per-night W]`
// A simulated cohort replayed through the running service (issue #20): its own throwaway topics on
// the stack's Kafka (`npm run stack:up`), consent granted to everyone, the messages produced in sync
// order (chunks of 5,000 in event time, each chunk's HRV before its sleep sessions, as apps sync),
// consumed by K service instances in one group. Without --rate everything is produced first, so the
// small sleep topic is read far ahead of the large HRV topic; with --rate the service is up first
// and readings come at N per second. `--hrv-per-night W` sends each night's HRV reading as W readings
// 3 minutes apart (a window, as watches send them; the simulator sends one). Prints the warnings'
// counters against the HRV ingested.
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Kafka, logLevel } from 'kafkajs';
import { asConfigEntries, prefixedTopicNames, topicsToCreate } from '../src/kafka/topics.catalog';
import { bootstrap } from '../src/main';
import { MetricsService } from '../src/metrics/metrics.service';
import { type SimMessage, streamCohort } from '../tools/simulator/cohort.simulator';
import { loadStackEnv } from './lib/stack-env';
import { parseArgs } from './sim.args';

const argv = process.argv.slice(2);
const option = (flag: string, fallback: number) => {
  const at = argv.indexOf(flag);
  return at < 0 ? fallback : Number(argv.splice(at, 2)[1]);
};
const rate = option('--rate', 0);
const instances = option('--instances', 1);
const partitions = option('--partitions', 3);
const window = option('--hrv-per-night', 1);
const args = parseArgs(argv, { people: 240, days: 180, seed: 1, out: '' });

async function main(): Promise<void> {
  const env = loadStackEnv(join(__dirname, '..'));
  const prefix = `replay-${randomUUID().slice(0, 8)}`;
  const topics = prefixedTopicNames(prefix);
  const kafka = new Kafka({
    clientId: 'respite-replay',
    brokers: env.KAFKA_BROKERS!.split(','),
    logLevel: logLevel.ERROR,
  });
  const admin = kafka.admin();
  await admin.connect();
  const created = topicsToCreate(topics);
  await admin.createTopics({
    waitForLeaders: true,
    topics: created.map((t) => ({
      topic: t.topic,
      numPartitions: partitions,
      replicationFactor: 1,
      configEntries: asConfigEntries(t.config),
    })),
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const send = async (topic: string, ms: { key: string; value: string }[]) => {
    for (let i = 0; i < ms.length; i += 1000)
      await producer.send({ topic, acks: -1, messages: ms.slice(i, i + 1000) });
  };
  const options = {
    people: args.people,
    days: args.days,
    seed: args.seed,
    endDateMs: args.endDateMs,
    gaps: true,
  };
  const sim = streamCohort(options);
  const at = new Date().toISOString();
  await send(
    topics.TOPIC_CONSENT,
    sim.people.map((p) => ({
      key: p.subjectId,
      value: JSON.stringify({
        subjectId: p.subjectId,
        status: 'granted',
        scopes: ['ingest', 'early-warning', 'aggregate-trends'],
        cohorts: ['unit:replay'],
        policyVersion: '2026-11',
        at,
        erase: false,
        timeZone: p.zone,
      }),
    })),
  );
  const serviceEnv: NodeJS.ProcessEnv = {
    ...env,
    ...topics,
    PORT: '0',
    LOG_LEVEL: 'warn',
    KAFKA_GROUP_ID: `${prefix}-ingest`,
    PSEUDONYM_KEYS: `r1:${randomBytes(24).toString('hex')}`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    RETENTION_SCHEDULE_ENABLED: 'false',
  };
  const apps: INestApplication[] = [];
  const start = async () => {
    for (let i = 0; i < instances; i++) apps.push(await bootstrap(serviceEnv));
  };
  const produced = { hrv: 0, sleep: 0 };
  const t0 = Date.now();
  if (rate) await start();
  let chunk: SimMessage[] = [];
  const flush = async () => {
    for (const topic of ['hrv', 'sleep'] as const) {
      const list = chunk.filter((m) => m.topic === topic).map(({ key, value }) => ({ key, value }));
      await send(topic === 'hrv' ? topics.TOPIC_HRV : topics.TOPIC_SLEEP, list);
      produced[topic] += list.length;
    }
    if (rate) {
      const due = t0 + ((produced.hrv + produced.sleep) / rate) * 1000;
      await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
    }
    chunk = [];
  };
  for (const m of sim.messages()) {
    if (m.topic === 'hrv') chunk.push(...windowOf(m, window));
    else chunk.push(m);
    if (chunk.length === 5000) await flush();
  }
  await flush();
  process.stderr.write(`produced ${produced.hrv} HRV and ${produced.sleep} sleep readings in ${s(t0)}\n`);
  if (!rate) await start();
  const total = async (name: string, where: (l: Record<string, unknown>) => boolean = () => true) => {
    let n = 0;
    for (const app of apps)
      for (const v of (await app.get(MetricsService).registry.getSingleMetric(name)?.get())?.values ?? [])
        if (where(v.labels)) n += v.value;
    return n;
  };
  let maxPending = 0;
  let settledSince = 0;
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    const ingested = await total('respite_readings_ingested_total');
    const pending = await total('respite_warning_nights_pending');
    maxPending = Math.max(maxPending, pending);
    const evaluated = await total('respite_warning_nights_total');
    process.stderr.write(
      `\r  ${s(t0)}: ${ingested} readings ingested, ${evaluated} nights evaluated, ${pending} waiting   `,
    );
    const done = ingested >= produced.hrv + produced.sleep && pending === 0;
    settledSince = done ? settledSince || Date.now() : 0;
    if (settledSince && Date.now() - settledSince > 3000) break;
  }
  const report = {
    people: args.people,
    days: args.days,
    seed: args.seed,
    instances,
    partitions,
    rate: rate || 'all produced first',
    hrvPerNight: window,
    seconds: Number(((Date.now() - t0) / 1000).toFixed(1)),
    hrvIngested: await total('respite_readings_ingested_total', (l) => l.kind === 'hrv'),
    sleepIngested: await total('respite_readings_ingested_total', (l) => l.kind === 'sleep'),
    nightsEvaluated: await total(
      'respite_warning_nights_total',
      (l) => l.status === 'evaluated' || l.status === 'held',
    ),
    hrvLate: await total('respite_warning_hrv_late_total'),
    nightsIncomplete: await total('respite_warning_nights_incomplete_total'),
    nightsRecovered: await total('respite_warning_nights_recovered_total'),
    maxPendingSeen: maxPending,
  };
  console.log(JSON.stringify(report, null, 2));
  for (const app of apps) await app.close();
  await producer.disconnect();
  await admin.deleteTopics({ topics: created.map((t) => t.topic) }).catch(() => undefined);
  await admin.disconnect();
}

/** The reading and `n - 1` more before it, 3 minutes apart, each its own identity. */
function windowOf(m: SimMessage, n: number): SimMessage[] {
  const v = JSON.parse(m.value) as { measuredAt: string; readingId: string };
  const offset = v.measuredAt.endsWith('Z') ? 'Z' : v.measuredAt.slice(-6);
  const localMs = Date.parse(`${v.measuredAt.slice(0, 19)}Z`);
  return Array.from({ length: n }, (_, j) => {
    const measuredAt = `${new Date(localMs - (n - 1 - j) * 180_000).toISOString().slice(0, 19)}${offset}`;
    const readingId = j === n - 1 ? v.readingId : randomUUID();
    return { ...m, value: JSON.stringify({ ...v, measuredAt, readingId }) };
  });
}

const s = (t0: number) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
