import { randomUUID } from 'node:crypto';
import { type AddressInfo, createServer } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { CohortQuery } from '../../src/influx/influx.cohort-query';
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

  it('gives the daily point (and so the trends) the HRV of RR-only straps and SDNN-only watches', async () => {
    // the strap's owner has no early-warning consent: the nightly summary must not depend on it
    const strap = `strap-${randomUUID()}`;
    const watch = `watch-${randomUUID()}`;
    await produce(t, t.env.TOPIC_CONSENT!, [
      consentRecord(strap, ['ingest', 'aggregate-trends']),
      consentRecord(watch),
    ]);
    const wake = new Date(Date.now() - 2 * 86_400_000);
    wake.setUTCHours(7, 0, 0, 0);
    const at = (hoursBeforeWake: number) =>
      new Date(wake.getTime() - hoursBeforeWake * 3_600_000).toISOString().replace('Z', '+00:00');
    const rr = Array.from({ length: 240 }, (_, i) => (i % 2 ? 1000 : 1040)); // RMSSD 40 ms
    const hrv = (subjectId: string, source: string, fields: object, hoursBeforeWake: number) => ({
      key: subjectId,
      value: JSON.stringify({
        schema: 'hrv.v1',
        readingId: randomUUID(),
        subjectId,
        source,
        measuredAt: at(hoursBeforeWake),
        context: 'sleep',
        ...fields,
      }),
    });
    await produce(t, t.env.TOPIC_HRV!, [
      hrv(strap, 'polar', { rrIntervalsMs: rr }, 4),
      hrv(strap, 'polar', { rrIntervalsMs: rr }, 3),
      hrv(watch, 'apple', { sdnnMs: 61 }, 4),
    ]);
    const pids = [strap, watch].map((s) => app!.get(Pseudonymizer).pid(s));
    await eventually(
      async () => (await app!.get(HistoryQuery).pointsOf('hrv', pids[0]!)).length,
      (n) => n === 2,
    );
    const sleep = (subjectId: string, source: string) => ({
      key: subjectId,
      value: JSON.stringify({
        schema: 'sleep.v1',
        readingId: randomUUID(),
        subjectId,
        source,
        startAt: at(8),
        endAt: at(0),
        isMainSleep: true,
        stagesMin: { awake: 30, light: 250, deep: 90, rem: 110 },
        restingHrBpm: 52,
      }),
    });
    await produce(t, t.env.TOPIC_SLEEP!, [sleep(strap, 'polar'), sleep(watch, 'apple')]);
    const night = wake.toISOString().slice(0, 10);
    const next = new Date(wake.getTime() + 86_400_000).toISOString().slice(0, 10);
    const rows = await eventually(
      () => app!.get(CohortQuery).nightsBetween(pids, night, next),
      (r) => r.some((x) => x.lnRmssd !== undefined) && r.some((x) => x.lnSdnn !== undefined),
      30_000,
    );
    const of = (pid: string) => rows.find((r) => r.pid === pid);
    expect(of(pids[0]!)).toMatchObject({ night, sleepH: 7.5, rhrBpm: 52 });
    expect(of(pids[0]!)?.lnRmssd).toBeCloseTo(Math.log(40), 6);
    expect(of(pids[0]!)?.lnSdnn).toBeDefined(); // a strap's RR intervals give both, in separate fields
    expect(of(pids[1]!)?.lnSdnn).toBeCloseTo(Math.log(61), 9);
    expect(of(pids[1]!)?.lnRmssd).toBeUndefined();
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
