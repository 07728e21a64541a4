import { randomUUID } from 'node:crypto';
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

describe('ingest path (real Kafka → Nest app → real InfluxDB)', () => {
  let t: TestEnv;
  let app: INestApplication | undefined;

  beforeAll(async () => {
    t = await makeTestEnv('path');
  });
  afterAll(() => teardown(t, [app]));

  it('stores a consented HRV reading under its pid, readable with Flux', async () => {
    const subjectId = `nurse-${randomUUID()}`;
    await produce(t, t.env.TOPIC_CONSENT!, [consentRecord(subjectId)]);
    app = await startApp(t);
    const measuredAt = new Date(Date.now() - 3_600_000).toISOString().replace('Z', '+00:00');
    await produce(t, t.env.TOPIC_HRV!, [
      {
        key: subjectId,
        value: JSON.stringify({
          schema: 'hrv.v1',
          readingId: randomUUID(),
          subjectId,
          source: 'oura',
          measuredAt,
          windowSeconds: 300,
          context: 'sleep',
          rmssdMs: 42.1,
          restingHrBpm: 54,
        }),
      },
    ]);
    const pid = app.get(Pseudonymizer).pid(subjectId);
    const rows = await eventually(
      () => app!.get(HistoryQuery).pointsOf('hrv', pid),
      (r) => r.length > 0,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      pid,
      source: 'oura',
      context: 'sleep',
      rmssd_ms: 42.1,
      resting_hr_bpm: 54,
    });
    expect(rows[0]!.ln_rmssd).toBeCloseTo(Math.log(42.1), 10);
    expect(new Date(String(rows[0]!._time)).getTime()).toBe(new Date(measuredAt).getTime());
  });

  it('reports ready with both servers up and the consent view caught up', async () => {
    const r = await fetch(`http://127.0.0.1:${app!.getHttpServer().address().port}/health/ready`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: 'ok', kafka: 'up', influxdb: 'up', consentView: 'caught-up' });
  });
});
