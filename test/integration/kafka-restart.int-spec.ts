import { Kafka, logLevel } from 'kafkajs';
import { brokers, consentedPeople, eventually, makeTestEnv, type TestEnv } from '../support/harness';
import { hrvReadings, storedPoints } from '../support/readings';
import { ServiceProcess } from '../support/service-process';
import { startKafka, stopKafka } from '../support/stack-control';

const PEOPLE = 50;
const DOWN_MS = 30_000;

/** A fresh producer each time: the harness's one does not outlive a broker restart by design. */
async function send(messages: { key: string; value: string }[], topic: string): Promise<void> {
  const kafka = new Kafka({
    clientId: 'respite-test-restart',
    brokers: brokers(),
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  for (let i = 0; i < messages.length; i += 1000)
    await producer.send({ topic, acks: -1, messages: messages.slice(i, i + 1000) });
  await producer.disconnect();
}

/**
 * The broker stopped for 30 s mid-ingest and started again, the service left running: it says it
 * is not ready while the broker is away and ready again after, its consumer group takes up where it
 * was by itself, and every reading is in InfluxDB once (the count is exact: a loss shows as fewer
 * points; each reading is its own point, so a duplicate cannot hide in a larger count).
 */
describe('Kafka broker restart mid-ingest (real servers)', () => {
  let t: TestEnv;
  let svc: ServiceProcess;
  let subjects: string[];
  let pids: string[];
  const ready = async () =>
    (await fetch(`http://127.0.0.1:${svc.port}/health/ready`).catch(() => ({ status: 0 }))).status;

  beforeAll(async () => {
    t = await makeTestEnv('kafka-restart', 3);
    ({ subjects, pids } = await consentedPeople(t, PEOPLE, 'kr'));
    await t.producer.disconnect();
    svc = new ServiceProcess(t.env);
    await svc.start();
  });
  afterAll(async () => {
    await svc?.kill('SIGTERM');
  });

  it('503 while the broker is away, 200 after; nothing lost, nothing twice, the group recovers', async () => {
    const base = Date.UTC(2026, 7, 1);
    const first = hrvReadings(subjects, 200, base); // 10,000
    const second = hrvReadings(subjects, 100, base + 200 * 60_000); // 5,000
    await send(first, t.env.TOPIC_HRV!);
    await eventually(
      () => svc.metric('respite_readings_ingested_total'),
      (n) => n >= 1000,
      120_000,
    );
    const stoppedAt = new Date();
    stopKafka();
    let sawDown = 0;
    try {
      const until = Date.now() + DOWN_MS;
      while (Date.now() < until) {
        if ((await ready()) === 503) sawDown++;
        await new Promise((r) => setTimeout(r, 1000));
      }
    } finally {
      startKafka(); // also when the test fails: every other suite needs the broker
      console.log(`Kafka broker stopped ${stoppedAt.toISOString()}, started ${new Date().toISOString()}`);
    }
    expect(sawDown).toBeGreaterThan(0);
    await eventually(ready, (s) => s === 200, 120_000);
    // more readings after the restart, through the same running service
    await send(second, t.env.TOPIC_HRV!);
    const stored = await eventually(
      () => storedPoints(pids, '2026-08-01T00:00:00Z', '2026-08-02T00:00:00Z'),
      (n) => n >= first.length + second.length,
      300_000,
    );
    expect(stored).toBe(first.length + second.length);

    // the group committed up to the end of every partition, without a restart of the service
    const admin = new Kafka({
      clientId: 'respite-test-restart',
      brokers: brokers(),
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    try {
      const lag = await eventually(
        async () => {
          const ends = await admin.fetchTopicOffsets(t.env.TOPIC_HRV!);
          const [group] = await admin.fetchOffsets({
            groupId: t.env.KAFKA_GROUP_ID!,
            topics: [t.env.TOPIC_HRV!],
          });
          const committed = new Map(group!.partitions.map((p) => [p.partition, Number(p.offset)]));
          return ends.reduce(
            (sum, e) => sum + Number(e.high) - Math.max(0, committed.get(e.partition) ?? 0),
            0,
          );
        },
        (n) => n === 0,
        60_000,
      );
      expect(lag).toBe(0);
    } finally {
      await admin.disconnect();
    }
  }, 600_000);
});
