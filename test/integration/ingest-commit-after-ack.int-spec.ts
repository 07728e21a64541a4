import type { IncomingMessage } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { MetricsService } from '../../src/metrics/metrics.service';
import {
  consentedPeople,
  eventually,
  makeTestEnv,
  startApp,
  type TestEnv,
  teardown,
} from '../support/harness';
import { type InfluxProxy, influxProxy } from '../support/influx-proxy';
import { hrvReadings, storedPoints } from '../support/readings';

// The consumer hands every batch back to kafkajs as soon as it is decoded (so that kafkajs lets go
// of its fetch) and commits a partition's offsets itself, once InfluxDB acknowledged the batch.
// Here InfluxDB's writes are held back by a pass-through proxy in front of the real server (without
// stopping the server others use): while no write is answered, no offset may be committed, and once
// they are, every reading is stored and every offset committed.
const PEOPLE = 20;
const PER_PERSON = 50;
const HELD_MS = 8_000;

/** Writes wait while held; everything else goes straight through. */
function holdWrites(): { gate: (req: IncomingMessage) => Promise<void> | undefined; release: () => void } {
  let hold = true;
  const waiting: (() => void)[] = [];
  return {
    gate: (req) =>
      hold && req.url?.startsWith('/api/v2/write') ? new Promise<void>((r) => waiting.push(r)) : undefined,
    release: () => {
      hold = false;
      for (const go of waiting.splice(0)) go();
    },
  };
}

describe('ingest commits only what InfluxDB acknowledged (real servers)', () => {
  let t: TestEnv;
  let app: INestApplication | undefined;
  const writes = holdWrites();
  let proxy: InfluxProxy;

  beforeAll(async () => {
    t = await makeTestEnv('commit-ack', 3);
    proxy = await influxProxy(new URL(t.env.INFLUX_URL!), writes.gate);
  });
  afterAll(async () => {
    writes.release();
    await teardown(t, [app]);
    await proxy.close();
  });

  it('commits no offset while the writes are unanswered, and all of them once they are', async () => {
    const { subjects, pids } = await consentedPeople(t, PEOPLE, 'ack');
    const readings = hrvReadings(subjects, PER_PERSON, Date.UTC(2026, 8, 5));
    const topic = t.env.TOPIC_HRV!;
    const admin = t.kafka.admin();
    await admin.connect();
    const committed = async () => {
      const [offsets] = await admin.fetchOffsets({ groupId: t.env.KAFKA_GROUP_ID!, topics: [topic] });
      return offsets!.partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
    };
    try {
      app = await startApp(t, { INFLUX_URL: proxy.url, INFLUX_WRITE_TIMEOUT_MS: '3000' });
      const metrics = app.get(MetricsService);
      for (let i = 0; i < readings.length; i += 100)
        await t.producer.send({ topic, acks: -1, messages: readings.slice(i, i + 100) });
      // fetched, decoded and handed back to kafkajs: held until InfluxDB answers
      await eventually(
        async () => (await metrics.heldBytes.get()).values[0]?.value ?? 0,
        (held) => held > 0,
      );
      for (const until = Date.now() + HELD_MS; Date.now() < until; ) {
        expect(await committed()).toBe(0);
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(await storedPoints(pids, '2026-09-05T00:00:00Z', '2026-09-06T00:00:00Z')).toBe(0);

      writes.release();
      const stored = await eventually(
        () => storedPoints(pids, '2026-09-05T00:00:00Z', '2026-09-06T00:00:00Z'),
        (n) => n >= readings.length,
        120_000,
      );
      expect(stored).toBe(readings.length);
      expect(await eventually(committed, (n) => n >= readings.length)).toBe(readings.length);
    } finally {
      await admin.disconnect();
    }
  }, 240_000);
});
