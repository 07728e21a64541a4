import { randomUUID } from 'node:crypto';
import { InfluxDB } from '@influxdata/influxdb-client';
import type { INestApplication } from '@nestjs/common';
import { ConsentService } from '../../src/consent/consent.service';
import { HistoryQuery } from '../../src/influx/influx.history-query';
import { MetricsService } from '../../src/metrics/metrics.service';
import { Pseudonymizer } from '../../src/privacy/pseudonymizer';
import { lastPeriod } from '../../src/trends/trends.periods';
import { TrendsService } from '../../src/trends/trends.service';
import {
  consentRecord,
  eventually,
  http,
  makeTestEnv,
  produce,
  startApp,
  type TestEnv,
  teardown,
} from '../support/harness';
import { hrvReadings } from '../support/readings';
import { ServiceProcess } from '../support/service-process';
import { TestTokens } from '../support/tokens';
import { topicLog } from '../support/topic-log';

// DESIGN §3 invariant 5 through its own door: consent.v1 is the contract, so a withdrawal with
// erase written straight to the topic (a hospital's consent system, the sync app) must erase as
// fully as the REST call does, once, whatever the number of instances, and survive a kill -9.

const BASE = Date.now() - 3 * 86_400_000;

/** A withdrawal with erasure, as any other writer of consent.v1 would publish it. */
function eraseRecord(subjectId: string) {
  return {
    key: subjectId,
    value: JSON.stringify({
      subjectId,
      status: 'revoked',
      scopes: [],
      cohorts: ['unit:test'],
      policyVersion: '2026-11',
      at: new Date().toISOString(),
      erase: true,
    }),
  };
}

async function erasures(apps: INestApplication[]): Promise<number> {
  let n = 0;
  for (const app of apps) {
    const m = await app.get(MetricsService).registry.getSingleMetric('respite_erasures_total')?.get();
    for (const v of m?.values ?? []) n += v.value;
  }
  return n;
}

function last(log: Map<string, (string | null)[]>, key: string): string | null | undefined {
  return log.get(key)?.at(-1);
}

describe('erasure follows consent.v1, whoever wrote it (real Kafka and InfluxDB)', () => {
  let t: TestEnv;
  const apps: INestApplication[] = [];
  const tokens = new TestTokens();

  beforeAll(async () => {
    t = await makeTestEnv('erasure-topic');
  });
  afterAll(async () => {
    await teardown(t, apps);
  });

  it('erases a person whose withdrawal arrives on the topic while their readings are still coming', async () => {
    const [erased, kept] = [`nurse-${randomUUID()}`, `nurse-${randomUUID()}`];
    await produce(t, t.env.TOPIC_CONSENT!, [consentRecord(erased), consentRecord(kept)]);
    apps.push(await startApp(t, { ...tokens.env, TRENDS_COHORTS: 'unit:test' }));
    const app = apps[0]!;
    const history = app.get(HistoryQuery);
    const pseudo = app.get(Pseudonymizer);
    const [pidE, pidK] = [pseudo.pid(erased), pseudo.pid(kept)];

    const readings = hrvReadings([erased, kept], 600, BASE);
    await produce(t, t.env.TOPIC_HRV!, readings.slice(0, 400));
    await eventually(
      () => history.countFor(pidE),
      (n) => n > 0,
    );
    // a trends run keeps both people's weeks (src/trends/trends.history.ts) under their pids, in
    // blocks of three weeks: 91 nights are five blocks or six
    await app.get(TrendsService).runPeriod(lastPeriod('daily', new Date()));
    const keptWeeks = async (pid: string) => (await history.pointsOf('trend_week', pid)).length;
    expect(await keptWeeks(pidE)).toBeGreaterThanOrEqual(5);
    // the rest streams in while the withdrawal lands in the middle of it
    const stream = (async () => {
      for (let i = 400; i < readings.length; i += 40) {
        await produce(t, t.env.TOPIC_HRV!, readings.slice(i, i + 40));
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    await new Promise((r) => setTimeout(r, 200));
    await produce(t, t.env.TOPIC_CONSENT!, [eraseRecord(erased)]);
    await stream;

    // everything of the kept person arrives: their 600 readings (each reading one rmssd value)
    await eventually(
      () => history.pointsOf('hrv', pidK),
      (rows) => rows.length === 600,
      90_000,
    );
    await eventually(
      () => history.countFor(pidE),
      (n) => n === 0,
      60_000,
    );
    // and nothing of the erased person comes back: not from batches in flight, nor from the backlog
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await history.countFor(pidE)).toBe(0);
    expect(await keptWeeks(pidE)).toBe(0);
    expect(await keptWeeks(pidK)).toBeGreaterThanOrEqual(5);

    const consent = await topicLog(t, t.env.TOPIC_CONSENT!);
    expect(last(consent, erased)).toBeNull();
    expect(last(consent, kept)).not.toBeNull();
    expect(last(await topicLog(t, t.env.TOPIC_WARNING_STATE!), pidE)).toBeNull();
    expect(last(await topicLog(t, t.env.TOPIC_INBOX!), pidE)).toBeNull();

    // the person sees that it happened, with counts and no content
    const call = http(() => app);
    const seen = await call('GET', '/v1/me/consent', await tokens.subject(erased));
    expect(seen.status).toBe(200);
    expect(seen.json).toMatchObject({ status: 'erased', erased: { warningState: false, inbox: false } });
    const body = seen.json as { erased: { points: Record<string, number> }; erasedAt: string };
    expect(body.erased.points.hrv).toBeGreaterThan(0);
    expect(body.erased.points.hrv).toBeLessThanOrEqual(600);
    expect(JSON.stringify(seen.json)).not.toContain(erased);
    expect((await call('GET', '/v1/me/consent', await tokens.subject(kept))).json).toMatchObject({
      status: 'granted',
    });
    expect(await erasures(apps)).toBe(1);
  });

  it('with two instances, each erasure runs exactly once', async () => {
    apps.push(await startApp(t, tokens.env));
    const people = Array.from({ length: 6 }, () => `nurse-${randomUUID()}`);
    await produce(
      t,
      t.env.TOPIC_CONSENT!,
      people.map((p) => consentRecord(p)),
    );
    // readings are gated by consent as each instance knows it when it processes them
    await eventually(
      async () => apps.every((a) => people.every((p) => a.get(ConsentService).view.allows(p, 'ingest'))),
      (known) => known,
    );
    const history = apps[0]!.get(HistoryQuery);
    const pids = people.map((p) => apps[0]!.get(Pseudonymizer).pid(p));
    await produce(t, t.env.TOPIC_HRV!, hrvReadings(people, 20, BASE));
    const stored = async (pid: string) => (await history.pointsOf('hrv', pid)).length;
    // the second instance's join rebalances the group first
    for (const pid of pids)
      await eventually(
        () => stored(pid),
        (n) => n === 20,
        120_000,
      );
    const before = await erasures(apps);
    await produce(t, t.env.TOPIC_CONSENT!, people.slice(0, 4).map(eraseRecord));
    for (const pid of pids.slice(0, 4))
      await eventually(
        () => history.countFor(pid),
        (n) => n === 0,
      );
    await eventually(
      () => erasures(apps),
      (n) => n >= before + 4,
    );
    await new Promise((r) => setTimeout(r, 3_000)); // room for a second run, if there were one
    expect((await erasures(apps)) - before).toBe(4);
    for (const pid of pids.slice(4)) expect(await stored(pid)).toBe(20);
  });
});

describe('an erasure interrupted by kill -9 is completed by the restart', () => {
  let t: TestEnv;
  let service: ServiceProcess | undefined;
  const tokens = new TestTokens();

  beforeAll(async () => {
    t = await makeTestEnv('erasure-kill');
  });
  afterAll(async () => {
    await service?.kill('SIGKILL');
    await t.producer.disconnect();
  });

  it('points gone, receipt and tombstone written after the restart', async () => {
    const person = `nurse-${randomUUID()}`;
    const other = `nurse-${randomUUID()}`;
    await produce(t, t.env.TOPIC_CONSENT!, [consentRecord(person), consentRecord(other)]);
    // a long settle keeps the erasure half-way (points deleted, nothing else yet) long enough to kill it
    service = new ServiceProcess({ ...t.env, ...tokens.env, ERASURE_SETTLE_MS: '120000' });
    await service.start();
    const [keyId, secret] = t.env.PSEUDONYM_KEYS!.split(':') as [string, string];
    const pid = new Pseudonymizer([{ keyId, secret }]).pid(person);
    const otherPid = new Pseudonymizer([{ keyId, secret }]).pid(other);
    const history = new HistoryQuery(new InfluxDB({ url: t.env.INFLUX_URL!, token: t.env.INFLUX_TOKEN! }), {
      INFLUX_URL: t.env.INFLUX_URL!,
      INFLUX_TOKEN: t.env.INFLUX_TOKEN!,
      INFLUX_ORG: t.env.INFLUX_ORG ?? 'respite',
      INFLUX_BUCKET: t.env.INFLUX_BUCKET ?? 'wearables',
      INFLUX_WRITE_TIMEOUT_MS: 10_000,
    } as never);
    await produce(t, t.env.TOPIC_HRV!, hrvReadings([person, other], 50, BASE));
    await eventually(
      async () => (await history.pointsOf('hrv', pid)).length,
      (n) => n === 50,
    );
    await produce(t, t.env.TOPIC_CONSENT!, [eraseRecord(person)]);
    await eventually(
      () => history.countFor(pid),
      (n) => n === 0,
    );
    expect(last(await topicLog(t, t.env.TOPIC_CONSENT!), person)).not.toBeNull(); // not finished yet
    const halfway = await fetch(`http://127.0.0.1:${service.port}/v1/me/consent`, {
      headers: { authorization: `Bearer ${await tokens.subject(person)}` },
    });
    expect(await halfway.json()).toMatchObject({ status: 'erasing' }); // the request is there, not done
    await service.kill('SIGKILL');

    service = new ServiceProcess({ ...t.env, ...tokens.env, ERASURE_SETTLE_MS: '500' });
    await service.start();
    const token = await tokens.subject(person);
    const receipt = await eventually(
      async () => {
        const r = await fetch(`http://127.0.0.1:${service!.port}/v1/me/consent`, {
          headers: { authorization: `Bearer ${token}` },
        });
        return { status: r.status, body: (await r.json()) as { status?: string; erased?: unknown } };
      },
      (r) => r.body.status === 'erased',
    );
    // the restart ran the erasure again from the start and found nothing left; the receipt still
    // says what the first run counted before it deleted
    expect(receipt.body.erased).toMatchObject({ points: { hrv: 50 } });
    expect(last(await topicLog(t, t.env.TOPIC_CONSENT!), person)).toBeNull();
    expect(await history.countFor(pid)).toBe(0);
    expect(await history.pointsOf('hrv', otherPid)).toHaveLength(50);
    expect(await service.metric('respite_erasures_total{via="withdrawal"}')).toBe(1);
  });
});
