import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { HistoryQuery } from '../../src/influx/influx.history-query';
import { HOSTILE_CORPUS } from '../../src/ingest/decode/hostile-corpus';
import { MetricsService } from '../../src/metrics/metrics.service';
import { Pseudonymizer } from '../../src/privacy/pseudonymizer';
import {
  consentRecord,
  eventually,
  makeTestEnv,
  produce,
  startApp,
  type TestEnv,
  teardown,
} from '../support/harness';

interface Dlq {
  originalTopic: string;
  partition: number;
  offset: string;
  value: string | null;
  error: { code: string; message: string; path: string };
}

describe('hostile input through real Kafka', () => {
  let t: TestEnv;
  let app: INestApplication | undefined;
  const dlq = new Map<string, Dlq>();

  beforeAll(async () => {
    t = await makeTestEnv('hostile', 2, 4 * 1024 * 1024);
  });
  afterAll(() => teardown(t, [app]));

  it('dead-letters every hostile case with its code and path, stores the valid readings after them, stays up', async () => {
    const subject = 'subject-7f3a'; // the corpus's subject
    await produce(t, t.env.TOPIC_CONSENT!, [consentRecord(subject), consentRecord('someone-else')]);
    app = await startApp(t);

    const topicOf = (kind: 'hrv' | 'sleep') => (kind === 'hrv' ? t.env.TOPIC_HRV! : t.env.TOPIC_SLEEP!);
    const sent: {
      name: string;
      topic: string;
      partition: number;
      offset: string;
      expect: string;
      path?: string;
      value: Buffer | null;
      consentable: boolean;
    }[] = [];
    for (const c of HOSTILE_CORPUS) {
      const topic = topicOf(c.topicKind);
      const [meta] = await t.producer.send({ topic, acks: -1, messages: [{ key: c.key, value: c.value }] });
      // a key nobody can have consented with (format characters) is dropped before decoding
      const consentable = c.key === null || c.key === subject || c.key === 'someone-else';
      sent.push({
        name: c.name,
        topic,
        partition: meta!.partition,
        offset: meta!.baseOffset!,
        expect: c.expectCode,
        path: c.expectPath,
        value: c.value,
        consentable,
      });
    }
    const valid = Array.from({ length: 10 }, (_, i) => ({
      key: subject,
      value: JSON.stringify({
        schema: 'hrv.v1',
        readingId: randomUUID(),
        subjectId: subject,
        source: 'polar',
        measuredAt: new Date(Date.UTC(2026, 8, 1, 3, i)).toISOString(),
        context: 'sleep',
        rrIntervalsMs: Array.from({ length: 60 }, (_, j) => 900 + ((j * 37) % 41)),
      }),
    }));
    await produce(t, t.env.TOPIC_HRV!, valid);

    const pid = app.get(Pseudonymizer).pid(subject);
    const stored = await eventually(
      () => app!.get(HistoryQuery).pointsOf('hrv', pid, '2026-09-01T00:00:00Z'),
      (rows) => rows.length >= 10,
    );
    expect(stored).toHaveLength(10);
    for (const row of stored) expect(Number(row.rmssd_ms)).toBeGreaterThan(0);

    const consumer = t.kafka.consumer({ groupId: `${t.prefix}-dlq-reader` });
    await consumer.connect();
    await consumer.subscribe({
      topics: [`${t.env.TOPIC_HRV}.dlq`, `${t.env.TOPIC_SLEEP}.dlq`],
      fromBeginning: true,
    });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const d = JSON.parse(message.value!.toString('utf8')) as Dlq;
        dlq.set(`${d.originalTopic}:${d.partition}@${d.offset}`, d);
      },
    });
    const expectedDlq = sent.filter((s) => s.consentable).length;
    try {
      await eventually(
        async () => dlq.size,
        (n) => n >= expectedDlq,
      ).catch(() => undefined); // the check below names what is missing
    } finally {
      await consumer.disconnect();
    }
    const missing = sent
      .filter((s) => s.consentable && !dlq.has(`${s.topic}:${s.partition}@${s.offset}`))
      .map((s) => s.name);
    expect(missing).toEqual([]);

    for (const s of sent) {
      const d = dlq.get(`${s.topic}:${s.partition}@${s.offset}`);
      if (!s.consentable) {
        expect({ name: s.name, dlq: d }).toEqual({ name: s.name, dlq: undefined });
        continue;
      }
      expect({ name: s.name, code: d?.error.code }).toEqual({ name: s.name, code: s.expect });
      if (s.path !== undefined)
        expect({ name: s.name, path: d?.error.path }).toEqual({ name: s.name, path: s.path });
      // the exact bytes received are kept (an oversized message: its first INGEST_MAX_MESSAGE_BYTES)
      const kept = d?.value === null ? null : Buffer.from(d!.value, 'base64');
      expect(kept === null ? null : s.value!.subarray(0, kept.length).equals(kept)).toBe(
        s.value === null ? null : true,
      );
      if (s.expect !== 'TOO_LARGE') expect(kept?.length).toBe(s.value?.length);
      expect(d!.error.message).not.toContain(subject);
    }
    const metrics = app.get(MetricsService);
    const dropped = (await metrics.droppedNoConsent.get()).values.reduce((n, v) => n + v.value, 0);
    expect(dropped).toBe(sent.filter((s) => !s.consentable).length);
    const live = await fetch(`http://127.0.0.1:${app.getHttpServer().address().port}/health/live`);
    expect(live.status).toBe(200);
  });
});
