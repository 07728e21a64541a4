import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { HistoryQuery } from '../../src/influx/influx.history-query';
import { Pseudonymizer } from '../../src/privacy/pseudonymizer';
import { eventually, http, makeTestEnv, produce, startApp, type TestEnv, teardown } from '../support/harness';
import { TestTokens } from '../support/tokens';

const GRANT = { scopes: ['ingest'], cohorts: ['unit:slow'], policyVersion: '2026-11' };
// the erasure waits SETTLE_MS for writes in flight; the DELETE waits WAIT_MS for it, then says 202
const SETTLE_MS = 8000;
const WAIT_MS = 4000;

/** A slow erasure (as in production, where it waits 12 s) must not keep the person's other calls waiting. */
describe('a slow erasure (real Kafka and InfluxDB)', () => {
  let t: TestEnv;
  let app: INestApplication | undefined;
  const tokens = new TestTokens();
  const call = http(() => app!);
  const timed = async <T>(p: Promise<T>) => {
    const t0 = Date.now();
    const v = await p;
    return { ms: Date.now() - t0, ...v };
  };

  beforeAll(async () => {
    t = await makeTestEnv('slow-erasure');
    app = await startApp(t, {
      ...tokens.env,
      ERASURE_SETTLE_MS: String(SETTLE_MS),
      ERASURE_WAIT_MS: String(WAIT_MS),
    });
  });
  afterAll(() => teardown(t, [app]));

  it('answers 202, GET says erasing then erased, and a PUT meanwhile is answered at once', async () => {
    const [a, b] = [`nurse-a-${randomUUID()}`, `nurse-b-${randomUUID()}`];
    const [ta, tb] = [await tokens.subject(a), await tokens.subject(b)];
    for (const token of [ta, tb])
      expect((await call('PUT', '/v1/me/consent', token, GRANT)).status).toBe(200);
    const reading = {
      schema: 'hrv.v1',
      readingId: randomUUID(),
      subjectId: a,
      source: 'oura',
      measuredAt: new Date(Date.now() - 3_600_000).toISOString(),
      rmssdMs: 44,
      context: 'rest',
    };
    await produce(t, t.env.TOPIC_HRV!, [{ key: a, value: JSON.stringify(reading) }]);
    const pid = app!.get(Pseudonymizer).pid(a);
    const history = app!.get(HistoryQuery);
    await eventually(
      () => history.pointsOf('hrv', pid),
      (r) => r.length === 1,
    );

    const erasing = [
      timed(call('DELETE', '/v1/me/consent?erase=true', ta)),
      timed(call('DELETE', '/v1/me/consent?erase=true', tb)),
    ];
    await new Promise((r) => setTimeout(r, 500));
    // the requests are on consent.v1: GET tells, and B's grant is not queued behind the erasure
    expect(await call('GET', '/v1/me/consent', ta)).toMatchObject({
      status: 200,
      json: { status: 'erasing' },
    });
    const regrant = await timed(call('PUT', '/v1/me/consent', tb, GRANT));
    expect(regrant).toMatchObject({ status: 200, json: { status: 'granted' } });
    expect(regrant.ms).toBeLessThan(2000);

    for (const d of await Promise.all(erasing)) {
      expect(d).toMatchObject({ status: 202, json: { status: 'erasing' } });
      expect(d.ms).toBeGreaterThanOrEqual(WAIT_MS - 100);
      expect(d.ms).toBeLessThan(SETTLE_MS);
    }
    const done = await eventually(
      () => call('GET', '/v1/me/consent', ta),
      (r) => (r.json as { status?: string }).status === 'erased',
      30_000,
    );
    expect(done.json).toMatchObject({ status: 'erased', erased: { points: { hrv: 1 } } });
    expect(await history.countFor(pid)).toBe(0);
    // B granted after asking for erasure: the grant keeps its place, the erasure still ran
    await new Promise((r) => setTimeout(r, 2000));
    expect(await call('GET', '/v1/me/consent', tb)).toMatchObject({
      status: 200,
      json: { status: 'granted' },
    });
  });
});
