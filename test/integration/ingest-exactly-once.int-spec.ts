import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { ConsentService } from '../../src/consent/consent.service';
import { HistoryQuery } from '../../src/influx/influx.history-query';
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

describe('exactly once per identity; vendor shapes land as their canonical equivalents', () => {
  let t: TestEnv;
  let app: INestApplication | undefined;

  beforeAll(async () => {
    t = await makeTestEnv('once');
  });
  afterAll(() => teardown(t, [app]));

  it('stores each reading once although every message arrives three times', async () => {
    const subjects = [`a-${randomUUID()}`, `b-${randomUUID()}`];
    await produce(
      t,
      t.env.TOPIC_CONSENT!,
      subjects.map((s) => consentRecord(s)),
    );
    app = await startApp(t);
    const readings = subjects.flatMap((subjectId) =>
      Array.from({ length: 20 }, (_, i) => ({
        key: subjectId,
        value: JSON.stringify({
          schema: 'hrv.v1',
          readingId: randomUUID(),
          subjectId,
          source: 'fitbit',
          measuredAt: new Date(Date.UTC(2026, 7, 1, 2, i)).toISOString(),
          context: 'sleep',
          rmssdMs: 30 + i,
        }),
      })),
    );
    await produce(t, t.env.TOPIC_HRV!, [...readings, ...readings, ...readings]);
    const history = app.get(HistoryQuery);
    // every copy has been through ingest (stored = written, duplicates included) before counting
    const metrics = app.get(MetricsService);
    await eventually(
      async () => (await metrics.ingested.get()).values.reduce((n, v) => n + v.value, 0),
      (n) => n >= 3 * readings.length,
    );
    for (const s of subjects) {
      const pid = app.get(Pseudonymizer).pid(s);
      await eventually(
        () => history.pointsOf('hrv', pid),
        (rows) => rows.length >= 20,
      );
      const rows = await history.pointsOf('hrv', pid);
      expect(rows.map((r) => r.rmssd_ms)).toEqual(Array.from({ length: 20 }, (_, i) => 30 + i));
    }
  });

  it('maps HealthKit SDNN, Health Connect RMSSD and Open mHealth sleep to canonical points', async () => {
    const subjectId = `v-${randomUUID()}`;
    await produce(t, t.env.TOPIC_CONSENT!, [consentRecord(subjectId)]);
    // the running app follows the consent topic and picks the grant up
    await eventually(
      async () => app!.get(ConsentService).view.allows(subjectId, 'ingest'),
      (ok) => ok,
    );
    await produce(t, t.env.TOPIC_HRV!, [
      {
        key: subjectId,
        value: JSON.stringify({
          type: 'HKQuantityTypeIdentifierHeartRateVariabilitySDNN',
          uuid: randomUUID().toUpperCase(),
          startDate: '2026-11-20 03:10:00 +0100',
          endDate: '2026-11-20 03:11:00 +0100',
          value: 48.2,
          unit: 'ms',
          sourceName: "Someone's Apple Watch",
        }),
      },
      {
        key: subjectId,
        value: JSON.stringify({
          recordType: 'HeartRateVariabilityRmssdRecord',
          time: '2026-11-20T02:30:00Z',
          zoneOffset: '+01:00',
          heartRateVariabilityMillis: 38.5,
          metadata: { id: randomUUID(), dataOrigin: { packageName: 'com.ouraring.oura' } },
        }),
      },
    ]);
    await produce(t, t.env.TOPIC_SLEEP!, [
      {
        key: subjectId,
        value: JSON.stringify({
          header: {
            uuid: randomUUID(),
            schema_id: { namespace: 'omh', name: 'sleep-episode', version: '1.1' },
            source_creation_date_time: '2026-11-20T07:00:00+01:00',
          },
          body: {
            effective_time_frame: {
              time_interval: {
                start_date_time: '2026-11-19T23:00:00+01:00',
                end_date_time: '2026-11-20T06:30:00+01:00',
              },
            },
            is_main_sleep: true,
            sleep_maintenance_efficiency_percentage: { value: 90, unit: '%' },
          },
        }),
      },
    ]);
    const pid = app!.get(Pseudonymizer).pid(subjectId);
    const history = app!.get(HistoryQuery);
    const hrv = await eventually(
      () => history.pointsOf('hrv', pid),
      (r) => r.length >= 2,
    );
    const hk = hrv.find((r) => r.source === 'apple');
    const hc = hrv.find((r) => r.source === 'oura');
    expect(hk).toMatchObject({ sdnn_ms: 48.2, window_s: 60 });
    expect(hk?.rmssd_ms ?? null).toBeNull(); // SDNN never becomes RMSSD
    expect(hc).toMatchObject({ rmssd_ms: 38.5, utc_offset_min: 60 });
    expect(hc?.sdnn_ms ?? null).toBeNull();
    const nights = await eventually(
      () => history.pointsOf('daily', pid),
      (r) => r.length >= 1,
    );
    expect(String(nights[0]!._time)).toBe('2026-11-20T00:00:00Z');
    expect(Number(nights[0]!.sleep_h)).toBeCloseTo(7.5 * 0.9, 5);
    expect(nights[0]).toMatchObject({ efficiency: 0.9, utc_offset_min: 60 });
  });
});
