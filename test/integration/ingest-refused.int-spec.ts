import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { HistoryQuery } from '../../src/influx/influx.history-query';
import { bundle, rmssdObservation } from '../../src/ingest/decode/fhir.fixtures';
import { Pseudonymizer } from '../../src/privacy/pseudonymizer';
import { type OwnBucket, ownBucket } from '../support/buckets';
import {
  consentRecord,
  eventually,
  makeTestEnv,
  produce,
  startApp,
  type TestEnv,
  teardown,
} from '../support/harness';
import { hrvReadings } from '../support/readings';

/** A week where `hrv.rmssd_ms` is a string: InfluxDB then refuses float writes there. */
async function poisonedWeek(bucket: OwnBucket): Promise<number> {
  const wednesdayNoon = Date.UTC(2004, 0, 7, 12);
  await bucket.write([`hrv,pid=poison,source=garmin,context=rest rmssd_ms="x" ${wednesdayNoon}`]);
  return wednesdayNoon;
}

describe('a batch InfluxDB refuses for good (real servers)', () => {
  let t: TestEnv;
  let app: INestApplication | undefined;
  // a bucket of its own: a field stored as a string in a week makes InfluxDB refuse float writes
  // there, and queries that span that week lose the field, so the shared bucket must not see it
  let bucket: OwnBucket;

  beforeAll(async () => {
    t = await makeTestEnv('refused', 1);
    bucket = await ownBucket(t.env, 'refused');
  });
  afterAll(async () => {
    await teardown(t, [app]);
    await bucket.drop();
  });

  it('goes to the dead-letter topic with its bytes, and the partition goes on', async () => {
    const subject = `nurse-${randomUUID()}`;
    await produce(t, t.env.TOPIC_CONSENT!, [consentRecord(subject)]);
    app = await startApp(t, { INFLUX_BUCKET: bucket.name });
    const poisoned = await poisonedWeek(bucket);
    const [refused] = hrvReadings([subject], 1, poisoned + 3_600_000);
    // a FHIR Bundle: two readings from one message, which is dead-lettered once
    const inWeek = (h: number) => new Date(poisoned + h * 3_600_000).toISOString();
    const twoReadings = JSON.stringify(
      bundle([
        rmssdObservation({ id: 'r1', effectiveDateTime: inWeek(2) }),
        rmssdObservation({ id: 'r2', effectiveDateTime: inWeek(3) }),
      ]),
    );
    await produce(t, t.env.TOPIC_HRV!, [refused!, { key: subject, value: twoReadings }]);

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
        (n) => n >= 2,
        60_000,
      );
      await new Promise((r) => setTimeout(r, 2000)); // and no third
    } finally {
      await consumer.disconnect();
    }
    expect(letters).toHaveLength(2);
    for (const l of letters) expect(l.error).toMatchObject({ code: 'STORE_REJECTED', path: '' });
    expect(letters.map((l) => Buffer.from(l.value, 'base64').toString('utf8'))).toEqual([
      refused!.value,
      twoReadings,
    ]);

    // the partition is not stalled: a later reading is stored
    const later = Date.UTC(2026, 8, 2, 3);
    const next = hrvReadings([subject], 1, later);
    await produce(t, t.env.TOPIC_HRV!, next);
    const pid = app.get(Pseudonymizer).pid(subject);
    const rows = await eventually(
      () => app!.get(HistoryQuery).pointsOf('hrv', pid, '2026-09-01T00:00:00Z'),
      (r) => r.length > 0,
      60_000,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.rmssd_ms).toBe(JSON.parse(next[0]!.value).rmssdMs);
  }, 180_000);
});
