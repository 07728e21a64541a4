import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { asConfigEntries, prefixedTopicNames, topicsToCreate } from '../../src/kafka/topics.catalog';
import { bootstrap } from '../../src/main';
import { Pseudonymizer } from '../../src/privacy/pseudonymizer';
import { deleteTopics, type TopicLedger } from './topic-ledger';

/** Per-test-file isolation on the shared real servers: own topics, own consumer group, own key. */
export interface TestEnv {
  prefix: string;
  /** The topics made for it: deleted when the test file ends (test/support/kafka-environment.ts). */
  topics: string[];
  env: NodeJS.ProcessEnv;
  kafka: Kafka;
  producer: Producer;
}

export async function makeTestEnv(name: string, partitions = 3, maxMessageBytes?: number): Promise<TestEnv> {
  const prefix = `t-${name}-${randomUUID().slice(0, 8)}`;
  const topics = prefixedTopicNames(prefix);
  const created = topicsToCreate(topics).map((t) => t.topic);
  // recorded before they exist: a createTopics that fails half-way still leaves none behind
  fileLedger()?.record(brokers(), created);
  const kafka = new Kafka({ clientId: 'respite-test', brokers: brokers(), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    // kafkajs' own wait for leaders retries only "leader not available"; a broker that has not yet
    // applied the new topics answers "unknown topic" first (seen on a fresh broker): waited below
    waitForLeaders: false,
    topics: topicsToCreate(topics).map((t) => ({
      topic: t.topic,
      numPartitions: partitions,
      replicationFactor: 1,
      configEntries: asConfigEntries({
        ...t.config,
        // a small message limit only where records come from outside (readings, their dead letters)
        ...(maxMessageBytes && t.config['cleanup.policy'] !== 'compact'
          ? { 'max.message.bytes': String(maxMessageBytes) }
          : {}),
      }),
    })),
  });
  await eventually(
    () =>
      admin.fetchTopicMetadata({ topics: created }).then(
        (m) => m.topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0)),
        () => false,
      ),
    (led) => led,
  );
  await admin.disconnect();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...topics,
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: 'warn',
    KAFKA_GROUP_ID: `${prefix}-ingest`,
    PSEUDONYM_KEYS: `t1:${randomBytes(24).toString('hex')}`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    JWT_PUBLIC_KEY: undefined,
    JWT_JWKS_URL: undefined,
    // the suites write readings months in the past; a 03:15 UTC tick must not delete them mid-run
    RETENTION_SCHEDULE_ENABLED: 'false',
    // one instance per test (unless a test starts more): its own drain covers its writes in flight
    ERASURE_SETTLE_MS: '1000',
  };
  return { prefix, topics: created, env, kafka, producer };
}

/**
 * The running test file's ledger (its jest environment's). A script outside jest has none and calls
 * deleteTestTopics itself; inside jest, a project without the environment is refused (its topics
 * would stay on the broker).
 */
function fileLedger(): TopicLedger | undefined {
  const ledger = (globalThis as { respiteTopicLedger?: TopicLedger }).respiteTopicLedger;
  if (!ledger && process.env.JEST_WORKER_ID)
    throw new Error('makeTestEnv needs testEnvironment test/support/kafka-environment.ts (jest.config.js)');
  return ledger;
}

/** For scripts (outside jest): deletes the env's topics; the ones left are only warned about. */
export async function deleteTestTopics(t: TestEnv): Promise<void> {
  const left = await deleteTopics(brokers(), t.topics);
  if (left.length > 0) console.warn(`could not delete the topics ${left.join(', ')}`);
}

export function brokers(): string[] {
  return (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
}

export async function startApp(t: TestEnv, overrides: NodeJS.ProcessEnv = {}): Promise<INestApplication> {
  return bootstrap({ ...t.env, ...overrides });
}

export async function produce(
  t: TestEnv,
  topic: string,
  messages: { key: string | null; value: string | Buffer | null }[],
) {
  for (let i = 0; i < messages.length; i += 1000) {
    await t.producer.send({ topic, acks: -1, messages: messages.slice(i, i + 1000) });
  }
}

export function consentRecord(
  subjectId: string,
  scopes = ['ingest', 'early-warning', 'aggregate-trends'],
  cohorts = ['unit:test'],
) {
  return {
    key: subjectId,
    value: JSON.stringify({
      subjectId,
      status: 'granted',
      scopes,
      cohorts,
      policyVersion: '2026-11',
      at: new Date().toISOString(),
      erase: false,
    }),
  };
}

/** Polls until `probe` returns a value that `done` accepts, or fails with the last value seen. */
export async function eventually<T>(
  probe: () => Promise<T>,
  done: (v: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (done(last)) return last;
    if (Date.now() > until) throw new Error(`timed out; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function teardown(t: TestEnv, apps: (INestApplication | undefined)[]): Promise<void> {
  for (const app of apps) await app?.close();
  await t.producer.disconnect();
}

/** `n` people who granted every scope on the test's consent topic, with the pids the app gives them. */
export async function consentedPeople(
  t: TestEnv,
  n: number,
  label: string,
): Promise<{ subjects: string[]; pids: string[] }> {
  const subjects = Array.from({ length: n }, () => `${label}-${randomUUID()}`);
  const [keyId, secret] = t.env.PSEUDONYM_KEYS!.split(':') as [string, string];
  const pseudonymizer = new Pseudonymizer([{ keyId, secret }]);
  await produce(
    t,
    t.env.TOPIC_CONSENT!,
    subjects.map((s) => consentRecord(s)),
  );
  return { subjects, pids: subjects.map((s) => pseudonymizer.pid(s)) };
}

/** Calls the app over HTTP (a bearer token if given, a JSON body if given); the body comes back parsed. */
export function http(app: () => INestApplication) {
  return async (method: string, path: string, token?: string, body?: unknown) => {
    const port = (app().getHttpServer().address() as AddressInfo).port;
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : null) as unknown };
  };
}
