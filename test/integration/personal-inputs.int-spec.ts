import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { HistoryQuery } from '../../src/influx/influx.history-query';
import { Pseudonymizer } from '../../src/privacy/pseudonymizer';
import { WarningMetrics } from '../../src/warnings/warnings.metrics';
import { eventually, http, makeTestEnv, produce, startApp, type TestEnv, teardown } from '../support/harness';
import { nudgeNight, sleepMessages } from '../support/stress-nights';
import { TestTokens } from '../support/tokens';

type Nudge = { nudgeId: string; asOf: string; dismissal?: { reason: string; at: string } };
const ALL = ['ingest', 'early-warning', 'self-report'];

/**
 * Issue #20's data path: a dismissal and check-ins given through REST reach the evaluation of the
 * person's next night, as their consent allows, and go with an erasure.
 */
describe('what a person tells Respite reaches their next night (real Kafka and InfluxDB)', () => {
  let t: TestEnv;
  let app: INestApplication;
  const tokens = new TestTokens();
  const call = http(() => app);
  const people = {
    full: `nurse-${randomUUID()}`,
    noSelfReport: `nurse-${randomUUID()}`,
    noWarnings: `nurse-${randomUUID()}`,
  };
  let k = 0;

  const consent = (scopes: string[]) => ({ scopes, policyVersion: '2026-11', timeZone: 'UTC' });
  const as = (s: string) => tokens.subject(s);
  const inputs = async () => {
    const values = (await app.get(WarningMetrics).personalInputs.get()).values;
    const of = (kind: string) => values.find((v) => v.labels.kind === kind)?.value ?? 0;
    return { dismissal: of('dismissal'), checkIn: of('check-in') };
  };
  const skipped = async () => (await app.get(WarningMetrics).skippedNoConsent.get()).values[0]?.value ?? 0;
  /** The night after the nudge's, ending a minute from now: after everything said before it. */
  const nextNight = (subjectId: string) => {
    const m = sleepMessages(subjectId, k + 2, k + 1)[k + 1]!;
    const v = JSON.parse(m.value) as { startAt: string; endAt: string };
    const end = Date.now() + 60_000;
    const start = end - (Date.parse(v.endAt) - Date.parse(v.startAt));
    const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');
    return { key: subjectId, value: JSON.stringify({ ...v, startAt: iso(start), endAt: iso(end) }) };
  };

  beforeAll(async () => {
    t = await makeTestEnv('personal-inputs');
    app = await startApp(t, { ...tokens.env, NUDGE_QUIET_HOURS: '00:00-00:00' });
    k = await nudgeNight();
    // everyone starts with every scope, gets a nudge for the night before last, dismisses it and checks in
    for (const s of Object.values(people)) {
      expect((await call('PUT', '/v1/me/consent', await as(s), consent(ALL))).status).toBe(200);
      await produce(t, t.env.TOPIC_SLEEP!, sleepMessages(s, k + 1, k + 1));
    }
    for (const s of Object.values(people)) {
      await eventually(
        async () => (await call('GET', '/v1/me/nudges', await as(s))).json as Nudge[],
        (n) => n.length === 1,
        120_000,
      );
    }
  }, 300_000);
  afterAll(() => teardown(t, [app]));

  async function dismissAndCheckIn(s: string): Promise<Nudge> {
    const [nudge] = (await call('GET', '/v1/me/nudges', await as(s))).json as Nudge[];
    const path = `/v1/me/nudges/${nudge!.nudgeId}/dismissal`;
    const res = await call('POST', path, await as(s), { reason: 'late-night' });
    expect(res.status).toBe(200);
    for (const answer of [
      { stress: 4, sleepQuality: 2 },
      { stress: 5, sleepQuality: 1 },
    ])
      expect((await call('POST', '/v1/me/check-ins', await as(s), answer)).status).toBe(201);
    return res.json as Nudge;
  }

  it('takes a dismissal with a reason, strictly, from the person alone; a new reason replaces the old', async () => {
    const me = await as(people.full);
    const [nudge] = (await call('GET', '/v1/me/nudges', me)).json as Nudge[];
    const path = `/v1/me/nudges/${nudge!.nudgeId}/dismissal`;
    const bad = await call('POST', path, me, { reason: 'bored' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain('reason');
    expect((await call('POST', path, me, { reason: 'travel', note: 'x' })).status).toBe(400);
    expect((await call('POST', path, me, {})).status).toBe(400);
    expect(
      (await call('POST', `/v1/me/nudges/${randomUUID()}/dismissal`, me, { reason: 'ill' })).status,
    ).toBe(404);
    expect((await call('POST', path, await as(people.noWarnings), { reason: 'ill' })).status).toBe(404);
    expect((await call('POST', path, undefined, { reason: 'ill' })).status).toBe(401);
    expect(
      (await call('POST', path, await tokens.as('operator', people.full), { reason: 'ill' })).status,
    ).toBe(403);

    const first = (await call('POST', path, me, { reason: 'travel' })).json as Nudge;
    expect(first.dismissal?.reason).toBe('travel');
    const same = (await call('POST', path, me, { reason: 'travel' })).json as Nudge;
    expect(same.dismissal).toEqual(first.dismissal);
    expect(((await call('POST', path, me, { reason: 'ill' })).json as Nudge).dismissal?.reason).toBe('ill');
    expect(((await call('DELETE', path, me)).json as Nudge).dismissal).toBeUndefined();
    expect(((await call('GET', '/v1/me/nudges', me)).json as Nudge[])[0]!.dismissal).toBeUndefined();
  });

  it('hands the dismissal and the check-ins to the evaluation of the next night', async () => {
    const dismissed = await dismissAndCheckIn(people.full);
    expect(dismissed.dismissal?.reason).toBe('late-night');
    const before = await inputs();
    await produce(t, t.env.TOPIC_SLEEP!, [nextNight(people.full)]);
    const after = await eventually(inputs, (v) => v.dismissal > before.dismissal, 60_000);
    expect(after).toEqual({ dismissal: before.dismissal + 1, checkIn: before.checkIn + 2 });
  });

  it('uses check-ins only under self-report, and nothing without early-warning', async () => {
    await dismissAndCheckIn(people.noSelfReport);
    await dismissAndCheckIn(people.noWarnings);
    const narrowed = [
      [people.noSelfReport, ['ingest', 'early-warning']],
      [people.noWarnings, ['ingest', 'self-report']],
    ] as const;
    for (const [s, scopes] of narrowed)
      expect((await call('PUT', '/v1/me/consent', await as(s), consent([...scopes]))).status).toBe(200);

    const before = await inputs();
    await produce(t, t.env.TOPIC_SLEEP!, [nextNight(people.noSelfReport)]);
    const after = await eventually(inputs, (v) => v.dismissal > before.dismissal, 60_000);
    expect(after).toEqual({ dismissal: before.dismissal + 1, checkIn: before.checkIn });

    const skippedBefore = await skipped();
    await produce(t, t.env.TOPIC_SLEEP!, [nextNight(people.noWarnings)]);
    await eventually(skipped, (n) => n > skippedBefore, 60_000);
    expect(await inputs()).toEqual(after);
  });

  it('erases the dismissals (inbox) and the check-ins (InfluxDB) with everything else', async () => {
    const me = await as(people.full);
    type Export = { inbox: { nudges: Nudge[] } | null; checkIns: unknown[] };
    const held = (await call('GET', '/v1/me/export', me)).json as Export;
    expect(held.inbox?.nudges[0]).toMatchObject({ dismissal: { reason: 'late-night' } });
    expect(held.checkIns).toHaveLength(2);

    const [keyId, secret] = t.env.PSEUDONYM_KEYS!.split(':') as [string, string];
    const pid = new Pseudonymizer([{ keyId, secret }]).pid(people.full);
    expect([200, 202]).toContain((await call('DELETE', '/v1/me/consent?erase=true', me)).status);
    await eventually(
      async () => (await call('GET', '/v1/me/consent', me)).json as { status: string },
      (c) => c.status === 'erased',
      60_000,
    );
    const after = (await call('GET', '/v1/me/export', me)).json as Export;
    expect(after.inbox).toBeNull();
    expect(after.checkIns).toEqual([]);
    expect(await app.get(HistoryQuery).checkIns(pid, 0)).toEqual([]);
  });
});
