import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { HistoryQuery } from '../../src/influx/influx.history-query';
import { Pseudonymizer } from '../../src/privacy/pseudonymizer';
import { eventually, http, makeTestEnv, produce, startApp, type TestEnv, teardown } from '../support/harness';
import { nudgeNight, sleepMessages } from '../support/stress-nights';
import { TestTokens } from '../support/tokens';

interface Night {
  date: string;
  sleepH?: number;
  sleepBand?: [number, number];
  rhrBpm?: number;
  hrvMs?: number;
  nudge: boolean;
}

describe('the app API: own nights, check-ins, export, erasure (real Kafka and InfluxDB)', () => {
  let t: TestEnv;
  let app: INestApplication;
  const tokens = new TestTokens();
  const call = http(() => app);
  const base = () => `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const me = `nurse-${randomUUID()}`;
  const other = `nurse-${randomUUID()}`;

  beforeAll(async () => {
    t = await makeTestEnv('me-api');
    app = await startApp(t, { ...tokens.env, NUDGE_QUIET_HOURS: '00:00-00:00' });
  });
  afterAll(() => teardown(t, [app]));

  it("shows a person's own nights with bands, keeps check-ins only with consent, exports and erases all", async () => {
    const mine = await tokens.subject(me);
    const theirs = await tokens.subject(other);
    const consent = (scopes: string[]) => ({ scopes, policyVersion: '2026-11', timeZone: 'UTC' });
    expect((await call('PUT', '/v1/me/consent', mine, consent(['ingest', 'early-warning']))).status).toBe(
      200,
    );
    expect((await call('PUT', '/v1/me/consent', theirs, consent(['ingest', 'self-report']))).status).toBe(
      200,
    );

    await produce(t, t.env.TOPIC_SLEEP!, sleepMessages(me, 30));
    const nights = await eventually(
      async () => (await call('GET', '/v1/me/nights?days=60', mine)).json as { nights: Night[] },
      (v) => v.nights.length === 30,
      120_000,
    );
    const last = nights.nights.at(-1)!;
    expect(last.date).toBe(new Date().toISOString().slice(0, 10));
    expect(last.sleepH).toBeGreaterThan(4);
    expect(last.rhrBpm).toBeGreaterThan(30);
    expect(last.hrvMs).toBeGreaterThan(5);
    expect(last.sleepBand![0]).toBeLessThan(last.sleepBand![1]);
    expect(nights.nights[0]!.sleepBand).toBeUndefined(); // no usual range from no history
    expect((await call('GET', '/v1/me/nights?days=0', mine)).status).toBe(400);
    // a person's nights are kept by no cache on the way (a 400 and a 401 neither)
    for (const [path, token] of [
      ['/v1/me/nights', mine],
      ['/v1/me/nights?days=0', mine],
      ['/v1/me/nudges', undefined],
    ] as const) {
      const res = await fetch(`${base()}${path}`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      expect([path, res.headers.get('cache-control'), res.headers.get('etag')]).toEqual([
        path,
        'no-store',
        null, // nothing revalidates a no-store answer: no hash of it either
      ]);
    }
    expect((await call('GET', '/v1/me/nights', theirs)).json).toEqual({ hrvMeasure: null, nights: [] });

    // check-ins need the self-report scope; no free text
    const answer = { stress: 4, sleepQuality: 2 };
    expect((await call('POST', '/v1/me/check-ins', mine, answer)).status).toBe(409);
    expect((await call('POST', '/v1/me/check-ins', mine, { ...answer, note: 'x' })).status).toBe(400);
    expect((await call('POST', '/v1/me/check-ins', mine, { stress: 6, sleepQuality: 2 })).status).toBe(400);
    const scopes = ['ingest', 'early-warning', 'self-report'];
    expect((await call('PUT', '/v1/me/consent', mine, consent(scopes))).status).toBe(200);
    const checkedInAt = Date.now();
    expect((await call('POST', '/v1/me/check-ins', mine, answer)).status).toBe(201);
    expect((await call('GET', '/v1/me/check-ins', mine)).json).toEqual([expect.objectContaining(answer)]);
    expect((await call('GET', '/v1/me/check-ins', theirs)).json).toEqual([]);

    const exported = (await call('GET', '/v1/me/export', mine)).json as {
      subjectId: string;
      consent: { scopes: string[] };
      points: Record<string, unknown[]>;
      checkIns: unknown[];
    };
    expect(exported.subjectId).toBe(me);
    expect(exported.consent.scopes).toEqual(scopes);
    // all 30, also before 07:00 UTC, when last night's sleep is stamped later today
    expect(exported.points.sleep).toHaveLength(30);
    const lastSleepEnd = Date.parse((exported.points.sleep!.at(-1) as { _time: string })._time);
    expect(exported.points.daily).toHaveLength(30);
    expect(exported.checkIns).toEqual([expect.objectContaining(answer)]);
    const theirExport = (await call('GET', '/v1/me/export', theirs)).json as typeof exported;
    expect(JSON.stringify(theirExport)).not.toContain(me);
    expect(theirExport.checkIns).toEqual([]);
    // what Respite holds to judge the nights is the person's too (Art. 15), and goes with erasure
    const held = await eventually(
      async () =>
        ((await call('GET', '/v1/me/export', mine)).json as { warning: Record<string, unknown> | null })
          .warning,
      (w) => w?.lastNight === last.date,
      60_000,
    );
    expect(held).toMatchObject({
      level: expect.stringMatching(/^(none|watch|warning)$/),
      calibration: {
        thresholdRaise: 0,
        explainedThrough: null,
        // the check-in counts for last night only if it came before that night ended (07:00 UTC
        // today in these nights: before 07:00 the test's last sleep ends after the check-in)
        checkInNights: checkedInAt < lastSleepEnd ? 1 : 0,
        checkInWeight: 0,
      },
    });
    expect((theirExport as unknown as { warning: unknown }).warning).toBeNull(); // no early-warning consent

    // erasure takes the check-ins with everything else
    const [keyId, secret] = t.env.PSEUDONYM_KEYS!.split(':') as [string, string];
    const pid = new Pseudonymizer([{ keyId, secret }]).pid(me);
    const history = app.get(HistoryQuery);
    expect(await history.countFor(pid)).toBeGreaterThan(0);
    expect((await call('DELETE', '/v1/me/consent?erase=true', mine)).status).toBe(200);
    expect(await history.countFor(pid)).toBe(0);
    expect((await call('GET', '/v1/me/consent', mine)).json).toMatchObject({
      status: 'erased',
      erased: { points: { checkin: 1, sleep: 30, daily: 30 } },
    });
    const after = (await call('GET', '/v1/me/export', mine)).json as typeof exported;
    expect(after.consent).toBeNull();
    expect(after.checkIns).toEqual([]);
    expect(Object.values(after.points).flat()).toEqual([]);
    expect((after as unknown as { warning: unknown }).warning).toBeNull();
  });

  it('serves the coping library to anyone, and personal routes to the subject role only', async () => {
    const lib = (await call('GET', '/v1/suggestions')).json as { suggestions: { id: string }[] };
    expect(lib.suggestions.map((s) => s.id)).toContain('reset-90s');
    // public, unlike everything personal: a cache may keep it
    const first = await fetch(`${base()}/v1/suggestions`);
    expect(first.headers.get('cache-control')).toBe('public, max-age=3600');
    // after the hour a copy is revalidated: unchanged, it costs a 304 (the tag is made once, not per answer)
    const tag = first.headers.get('etag');
    expect(tag).toMatch(/^"[\w.-]+"$/);
    const again = await fetch(`${base()}/v1/suggestions`, {
      headers: { 'if-none-match': tag!, 'cache-control': 'max-age=0' },
    });
    expect(again.status).toBe(304);
    for (const path of ['/v1/me/nights', '/v1/me/check-ins', '/v1/me/export']) {
      expect((await call('GET', path)).status).toBe(401);
      expect((await call('GET', path, await tokens.as('operator', me))).status).toBe(403);
      expect((await call('GET', path, await tokens.as('wellness', me, { cohorts: ['unit:a'] }))).status).toBe(
        403,
      );
    }
  });

  it("holds a nudge through the person's own quiet hours (not the deployment's)", async () => {
    // the service runs with NUDGE_QUIET_HOURS 00:00-00:00 (none): only the person's own window can hold it
    const q = `nurse-${randomUUID()}`;
    const token = await tokens.subject(q);
    const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
    const quietHours = `${hhmm(Date.now() - 3_600_000)}-${hhmm(Date.now() + 3_600_000)}`;
    const body = {
      scopes: ['ingest', 'early-warning'],
      policyVersion: '2026-11',
      timeZone: 'UTC',
      quietHours,
    };
    expect((await call('PUT', '/v1/me/consent', token, body)).json).toMatchObject({ quietHours });
    expect((await call('PUT', '/v1/me/consent', token, { ...body, quietHours: '7:00-8:00' })).status).toBe(
      400,
    );
    const held = async () => {
      const text = await (await fetch(`${base()}/metrics`)).text();
      return Number(/respite_nudges_total\{outcome="held"\} (\d+)/.exec(text)?.[1] ?? 0);
    };
    const before = await held();
    const k = await nudgeNight();
    await produce(t, t.env.TOPIC_SLEEP!, sleepMessages(q, k + 1, k));
    await eventually(held, (n) => n === before + 1, 120_000);
    expect((await call('GET', '/v1/me/nudges', token)).json).toEqual([]);
  });
});
