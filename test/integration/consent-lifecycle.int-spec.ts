import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { ConsentAudit } from '../../src/consent/consent.audit';
import { ConsentService } from '../../src/consent/consent.service';
import { HistoryQuery } from '../../src/influx/influx.history-query';
import { trendWeekLine } from '../../src/influx/influx.lines';
import { PointWriter } from '../../src/influx/influx.point-writer';
import { MetricsService } from '../../src/metrics/metrics.service';
import { Pseudonymizer } from '../../src/privacy/pseudonymizer';
import { blocksToWrite } from '../../src/trends/trends.history';
import { eventually, makeTestEnv, produce, startApp, type TestEnv, teardown } from '../support/harness';
import { TestTokens } from '../support/tokens';

const GRANT = {
  scopes: ['ingest', 'early-warning'],
  cohorts: ['unit:icu-3'],
  policyVersion: '2026-11',
  timeZone: 'Europe/Berlin',
};

function hrv(subjectId: string, minutesAgo: number) {
  const measuredAt = new Date(Date.now() - minutesAgo * 60_000).toISOString().replace('Z', '+00:00');
  const value = {
    schema: 'hrv.v1',
    readingId: randomUUID(),
    subjectId,
    source: 'oura',
    measuredAt,
    windowSeconds: 300,
    context: 'sleep',
    rmssdMs: 40 + minutesAgo / 100,
    restingHrBpm: 55,
  };
  return { key: subjectId, value: JSON.stringify(value) };
}

/** Every record of the consent topic for one key, in order (null = tombstone). */
async function consentRecordsOf(
  t: TestEnv,
  key: string,
  until: (values: (string | null)[]) => boolean,
): Promise<(string | null)[]> {
  const consumer = t.kafka.consumer({ groupId: `${t.prefix}-probe-${randomUUID()}`, maxWaitTimeInMs: 100 });
  const values: (string | null)[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: t.env.TOPIC_CONSENT!, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) =>
      void (message.key?.toString() === key && values.push(message.value?.toString() ?? null)),
  });
  try {
    return await eventually(async () => [...values], until, 30_000);
  } finally {
    await consumer.disconnect();
  }
}

describe('consent over REST, end to end (real Kafka and InfluxDB)', () => {
  let t: TestEnv;
  let app: INestApplication | undefined;
  const tokens = new TestTokens();
  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const port = (app!.getHttpServer().address() as AddressInfo).port;
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return {
      status: res.status,
      body: (await res.json().catch(() => null)) as Record<string, unknown> | null,
    };
  };
  const dropped = async () =>
    (await app!.get(MetricsService).droppedNoConsent.get()).values.find((v) => v.labels.kind === 'hrv')
      ?.value ?? 0;

  beforeAll(async () => {
    t = await makeTestEnv('consent');
    app = await startApp(t, tokens.env);
  });
  afterAll(() => teardown(t, [app]));

  it('grant stores readings, withdrawal drops them, erasure deletes them and tombstones the record', async () => {
    const a = `nurse-${randomUUID()}`;
    const token = await tokens.subject(a);
    const pid = app!.get(Pseudonymizer).pid(a);
    const history = app!.get(HistoryQuery);

    expect((await call('GET', '/v1/me/consent', token)).status).toBe(404);
    const granted = await call('PUT', '/v1/me/consent', token, GRANT);
    expect(granted).toMatchObject({ status: 200, body: { status: 'granted', ...GRANT } });
    expect(granted.body).not.toHaveProperty('subjectId');
    expect((await call('GET', '/v1/me/consent', token)).body).toEqual(granted.body);

    await produce(t, t.env.TOPIC_HRV!, [hrv(a, 90)]);
    await eventually(
      () => history.pointsOf('hrv', pid),
      (r) => r.length === 1,
    );

    const before = await dropped();
    expect(await call('DELETE', '/v1/me/consent', token)).toMatchObject({
      status: 200,
      body: { status: 'revoked', scopes: GRANT.scopes },
    });
    await produce(t, t.env.TOPIC_HRV!, [hrv(a, 80), hrv(a, 70)]);
    await eventually(dropped, (n) => n === before + 2);
    expect(await history.pointsOf('hrv', pid)).toHaveLength(1);
    // withdrawing twice is fine and changes nothing
    expect((await call('DELETE', '/v1/me/consent', token)).body).toMatchObject({ status: 'revoked' });

    await call('PUT', '/v1/me/consent', token, GRANT);
    await produce(t, t.env.TOPIC_HRV!, [hrv(a, 60)]);
    await eventually(
      () => history.pointsOf('hrv', pid),
      (r) => r.length === 2,
    );
    expect(await history.countFor(pid)).toBeGreaterThan(0);
    // a block of weeks the trends job kept of the person (trends.history), as it writes one
    const week = { week: '2026-11-23', covered: 1, nights: [{ night: '2026-11-23', lnRmssd: 3.6 }] };
    const [block] = blocksToWrite(new Map(), [week]);
    await app!
      .get(PointWriter)
      .write([trendWeekLine(pid, Date.parse(`${block!.start}T00:00:00Z`), block!.packed)]);
    expect(await history.pointsOf('trend_week', pid)).toHaveLength(1);

    expect(await call('DELETE', '/v1/me/consent?erase=true', token)).toMatchObject({
      status: 200,
      body: { status: 'erased' },
    });
    expect(await history.countFor(pid)).toBe(0);
    expect(await history.pointsOf('trend_week', pid)).toEqual([]);
    // what remains is the receipt: when, and how much went (counts, no content)
    const receipt = await call('GET', '/v1/me/consent', token);
    expect(receipt).toMatchObject({
      status: 200,
      body: { status: 'erased', erased: { points: { hrv: 2 } } },
    });
    expect(JSON.stringify(receipt.body)).not.toContain(a);

    const records = await consentRecordsOf(t, a, (v) => v.length >= 5 && v.at(-1) === null);
    expect(records.at(-1)).toBeNull();
    expect(JSON.parse(records.at(-2)!)).toMatchObject({ subjectId: a, status: 'revoked', erase: true });

    const afterErase = await dropped();
    await produce(t, t.env.TOPIC_HRV!, [hrv(a, 50)]);
    await eventually(dropped, (n) => n === afterErase + 1);
    expect(await history.countFor(pid)).toBe(0);

    const audit = app!.get(ConsentAudit).entries(pid);
    expect(audit.map((e) => e.action)).toEqual(['granted', 'withdrawn', 'granted', 'withdrawn', 'erased']);
    expect(audit.every((e) => e.pid === pid && e.policyVersion === '2026-11')).toBe(true);
    expect(JSON.stringify(audit)).not.toContain(a);
    expect(JSON.stringify(audit)).not.toContain('icu-3');
  });

  it('erasure works (and may be repeated) with no consent on record', async () => {
    const token = await tokens.subject(`nurse-${randomUUID()}`);
    expect(await call('DELETE', '/v1/me/consent?erase=true', token)).toMatchObject({
      status: 200,
      body: { status: 'erased' },
    });
    expect(await call('DELETE', '/v1/me/consent?erase=1', token)).toMatchObject({
      status: 200,
      body: { status: 'erased' },
    });
    expect((await call('DELETE', '/v1/me/consent', token)).status).toBe(404);
  });

  it('a restarted app rebuilds the same view from the topic', async () => {
    const [b, c, d] = [1, 2, 3].map(() => `nurse-${randomUUID()}`) as [string, string, string];
    await call('PUT', '/v1/me/consent', await tokens.subject(b), GRANT);
    await call('PUT', '/v1/me/consent', await tokens.subject(c), {
      scopes: ['aggregate-trends'],
      policyVersion: '2026-10',
    });
    await call('PUT', '/v1/me/consent', await tokens.subject(c), {
      scopes: ['ingest'],
      policyVersion: '2026-11',
    });
    await call('DELETE', '/v1/me/consent', await tokens.subject(c));
    await call('PUT', '/v1/me/consent', await tokens.subject(d), GRANT);
    await call('DELETE', '/v1/me/consent?erase=true', await tokens.subject(d));
    const view = app!.get(ConsentService).view;
    const snapshot = [b, c, d].map((s) => view.get(s));
    const size = view.size;
    const reads = await Promise.all(
      [b, c, d].map(async (s) => call('GET', '/v1/me/consent', await tokens.subject(s))),
    );

    await app!.close();
    app = await startApp(t, tokens.env);

    const rebuilt = app.get(ConsentService).view;
    expect([b, c, d].map((s) => rebuilt.get(s))).toEqual(snapshot);
    expect(snapshot[2]).toBeUndefined();
    expect(rebuilt.size).toBe(size);
    const again = await Promise.all(
      [b, c, d].map(async (s) => call('GET', '/v1/me/consent', await tokens.subject(s))),
    );
    expect(again).toEqual(reads);
    expect(again.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(again[2]!.body).toMatchObject({ status: 'erased' }); // the receipt, rebuilt from its topic
  });
});
