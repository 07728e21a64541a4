import { randomUUID } from 'node:crypto';
import { InfluxDB } from '@influxdata/influxdb-client';
import type { INestApplication } from '@nestjs/common';
import { HistoryQuery } from '../../src/influx/influx.history-query';
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

const WEEK_MS = 7 * 86_400_000;

/** A week in 2004–2008 where `hrv.rmssd_ms` is a string: InfluxDB then refuses float writes there. */
async function poisonedWeek(env: NodeJS.ProcessEnv): Promise<number> {
  const wednesdayNoon = Date.UTC(2004, 0, 7, 12) + Math.floor(Math.random() * 250) * WEEK_MS;
  const influx = new InfluxDB({ url: env.INFLUX_URL!, token: env.INFLUX_TOKEN! });
  const api = influx.getWriteApi(
    process.env.INFLUX_ORG ?? 'respite',
    process.env.INFLUX_BUCKET ?? 'wearables',
    'ms',
  );
  api.writeRecord(`hrv,pid=poison-${randomUUID()},source=garmin,context=rest rmssd_ms="x" ${wednesdayNoon}`);
  await api.close();
  return wednesdayNoon;
}

const reading = (subjectId: string, atMs: number) =>
  JSON.stringify({
    schema: 'hrv.v1',
    readingId: randomUUID(),
    subjectId,
    source: 'garmin',
    measuredAt: new Date(atMs).toISOString(),
    context: 'rest',
    rmssdMs: 41.5,
  });

describe('a batch InfluxDB refuses for good (real servers)', () => {
  let t: TestEnv;
  let app: INestApplication | undefined;

  beforeAll(async () => {
    t = await makeTestEnv('refused', 1);
  });
  afterAll(() => teardown(t, [app]));

  it('goes to the dead-letter topic with its bytes, and the partition goes on', async () => {
    const subject = `nurse-${randomUUID()}`;
    await produce(t, t.env.TOPIC_CONSENT!, [consentRecord(subject)]);
    app = await startApp(t);
    const poisoned = await poisonedWeek(t.env);
    const refused = reading(subject, poisoned + 3_600_000);
    await produce(t, t.env.TOPIC_HRV!, [{ key: subject, value: refused }]);

    const letters: { error: { code: string; path: string }; value: string }[] = [];
    const consumer = t.kafka.consumer({ groupId: `${t.prefix}-dlq-reader` });
    await consumer.connect();
    await consumer.subscribe({ topics: [`${t.env.TOPIC_HRV}.dlq`], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        letters.push(JSON.parse(message.value!.toString('utf8')));
      },
    });
    try {
      await eventually(
        async () => letters.length,
        (n) => n >= 1,
        60_000,
      );
    } finally {
      await consumer.disconnect();
    }
    expect(letters).toHaveLength(1);
    expect(letters[0]!.error).toMatchObject({ code: 'STORE_REJECTED', path: '' });
    expect(Buffer.from(letters[0]!.value, 'base64').toString('utf8')).toBe(refused);

    // the partition is not stalled: a later reading is stored
    const later = Date.UTC(2026, 8, 2, 3);
    await produce(t, t.env.TOPIC_HRV!, [{ key: subject, value: reading(subject, later) }]);
    const pid = app.get(Pseudonymizer).pid(subject);
    const rows = await eventually(
      () => app!.get(HistoryQuery).pointsOf('hrv', pid, '2026-09-01T00:00:00Z'),
      (r) => r.length > 0,
      60_000,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.rmssd_ms).toBe(41.5);
  }, 180_000);
});
