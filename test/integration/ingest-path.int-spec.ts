import { randomUUID } from 'node:crypto';
import { type AddressInfo, createServer } from 'node:net';
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
    expect(new Date(String(rows[0]!._time)).getTime()).toBe(new Date(measuredAt).getTime());
  });

  it('reports ready with both servers up and the consent view caught up', async () => {
    const r = await fetch(`http://127.0.0.1:${app!.getHttpServer().address().port}/health/ready`);
    expect(r.status).toBe(200);
    const parts = {
      kafka: { status: 'up' },
      influxdb: { status: 'up' },
      consentView: { status: 'up', state: 'caught-up' },
    };
    expect(await r.json()).toEqual({ status: 'ok', info: parts, error: {}, details: parts });
  });

  it('reports unavailable (503), naming InfluxDB, while InfluxDB does not answer; live stays 200', async () => {
    const closed = await closedPort();
    const down = await startApp(t, {
      INFLUX_URL: `http://127.0.0.1:${closed}`,
      INGEST_ENABLED: 'false',
      KAFKA_GROUP_ID: `${t.prefix}-no-influx`,
    });
    try {
      const base = `http://127.0.0.1:${down.getHttpServer().address().port}`;
      const r = await fetch(`${base}/health/ready`);
      expect(r.status).toBe(503);
      const body = (await r.json()) as { error: Record<string, unknown> };
      expect(body).toMatchObject({
        status: 'error',
        error: { influxdb: { status: 'down' } },
        info: { kafka: { status: 'up' }, consentView: { status: 'up' } },
      });
      expect(Object.keys(body.error)).toEqual(['influxdb']);
      expect((await fetch(`${base}/health/live`)).status).toBe(200);
    } finally {
      await down.close();
    }
  });
});

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}
