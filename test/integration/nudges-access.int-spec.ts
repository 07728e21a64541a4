import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { EventBus } from '../../src/events/event-bus';
import type { NudgeRequest } from '../../src/warnings/nudge-request';
import { eventually, http, makeTestEnv, startApp, type TestEnv, teardown } from '../support/harness';
import { TestTokens } from '../support/tokens';

type Nudge = { nudgeId: string; suggestions: { id: string; category: string; helpful?: boolean }[] };

/** Invariant 3: a person's nudges are readable, answerable and streamable by that person alone. */
describe('nudges are the person’s alone (real Kafka and InfluxDB)', () => {
  let t: TestEnv;
  let app: INestApplication;
  const tokens = new TestTokens();
  const [ana, bob, cai] = ['ana', 'bob', 'cai'].map((n) => `nurse-${n}-${randomUUID()}`) as [
    string,
    string,
    string,
  ];
  let nudge: Nudge;

  const call = http(() => app);
  const request = (subjectId: string): NudgeRequest => ({
    subjectId,
    pid: 'unused',
    asOf: new Date().toISOString().slice(0, 10),
    level: 'warning',
    signals: [{ signal: 'sleep', value: 5.8, baseline: 7.1, band: [6.7, 7.5], days: 4 }],
  });

  beforeAll(async () => {
    t = await makeTestEnv('nudges-access');
    app = await startApp(t, { ...tokens.env, NUDGE_QUIET_HOURS: '00:00-00:00' });
    const grant = { policyVersion: '2026-11', timeZone: 'UTC' };
    await call('PUT', '/v1/me/consent', await tokens.subject(ana), {
      ...grant,
      scopes: ['ingest', 'early-warning'],
    });
    await call('PUT', '/v1/me/consent', await tokens.subject(bob), {
      ...grant,
      scopes: ['ingest', 'early-warning'],
    });
    await call('PUT', '/v1/me/consent', await tokens.subject(cai), { ...grant, scopes: ['ingest'] });
    await app.get(EventBus).emit('nudge.requested', request(ana));
    await app.get(EventBus).emit('nudge.requested', request(cai));
    const token = await tokens.subject(ana);
    const res = await eventually(
      () => call('GET', '/v1/me/nudges', token),
      (r) => Array.isArray(r.json) && r.json.length === 1,
    );
    nudge = (res.json as Nudge[])[0]!;
  });
  afterAll(() => teardown(t, [app]));

  it('shows the owner their nudge, another subject an empty inbox, and nobody without early-warning consent', async () => {
    expect(nudge.suggestions[0]!.category).toBe('sleep');
    expect(nudge).not.toHaveProperty('subjectId');
    expect(await call('GET', '/v1/me/nudges', await tokens.subject(bob))).toEqual({ status: 200, json: [] });
    expect(await call('GET', '/v1/me/nudges', await tokens.subject(cai))).toEqual({ status: 200, json: [] });
  });

  it('refuses wellness and operator tokens on every nudge route, even with the person’s own sub', async () => {
    const feedback = { suggestionId: nudge.suggestions[0]!.id, helpful: true };
    const routes: [string, string, unknown?][] = [
      ['GET', '/v1/me/nudges'],
      ['GET', '/v1/me/nudges/stream'],
      ['POST', `/v1/me/nudges/${nudge.nudgeId}/feedback`, feedback],
      ['POST', `/v1/me/nudges/${nudge.nudgeId}/dismissal`, { reason: 'travel' }],
      ['DELETE', `/v1/me/nudges/${nudge.nudgeId}/dismissal`],
      ['POST', '/v1/me/push-subscriptions', {}],
      ['DELETE', '/v1/me/push-subscriptions', { endpoint: 'x' }],
    ];
    for (const role of ['wellness', 'operator'] as const) {
      const token = await tokens.as(role, ana, { cohorts: ['unit:test'] });
      for (const [method, path, body] of routes) {
        const res = await call(method, path, token, body);
        expect([role, path, res.status]).toEqual([role, path, 403]);
        expect(JSON.stringify(res.json)).not.toContain(nudge.nudgeId);
      }
    }
    for (const [method, path, body] of routes)
      expect((await call(method, path, undefined, body)).status).toBe(401);
    // none of them changed anything
    expect((await call('GET', '/v1/me/nudges', await tokens.subject(ana))).json).toEqual([nudge]);
  });

  it('answers 404 to feedback on someone else’s nudge, or on a suggestion it did not offer', async () => {
    const body = { suggestionId: nudge.suggestions[0]!.id, helpful: true };
    const bobToken = await tokens.subject(bob);
    expect((await call('POST', `/v1/me/nudges/${nudge.nudgeId}/feedback`, bobToken, body)).status).toBe(404);
    const ana_ = await tokens.subject(ana);
    const other = { suggestionId: 'not-offered-here', helpful: true };
    expect((await call('POST', `/v1/me/nudges/${nudge.nudgeId}/feedback`, ana_, other)).status).toBe(404);
    expect((await call('POST', `/v1/me/nudges/${randomUUID()}/feedback`, ana_, body)).status).toBe(404);
    expect((await call('POST', '/v1/me/nudges/not-a-uuid/feedback', ana_, body)).status).toBe(404);
  });

  it('validates feedback with the field path, takes one answer per suggestion, and learns from it', async () => {
    const token = await tokens.subject(ana);
    const path = `/v1/me/nudges/${nudge.nudgeId}/feedback`;
    const bad = await call('POST', path, token, { suggestionId: 5, helpful: 'yes', subjectId: bob });
    expect(bad.status).toBe(400);
    expect((bad.json as { issues: { path: string }[] }).issues.map((i) => i.path).sort()).toEqual([
      'helpful',
      'subjectId',
      'suggestionId',
    ]);
    const id = nudge.suggestions[1]!.id;
    const ok = await call('POST', path, token, { suggestionId: id, helpful: false });
    expect(ok.status).toBe(200);
    expect((ok.json as Nudge).suggestions[1]).toMatchObject({ id, helpful: false });
    expect((await call('POST', path, token, { suggestionId: id, helpful: false })).status).toBe(200);
    expect((await call('POST', path, token, { suggestionId: id, helpful: true })).status).toBe(409);
    const inbox = (await call('GET', '/v1/me/nudges', token)).json as Nudge[];
    expect(inbox[0]!.suggestions[1]!.helpful).toBe(false);
  });

  it('documents every nudge route under /v1/me without a person id, and serves the VAPID key', async () => {
    const doc = (await call('GET', '/docs-json')).json as { paths: Record<string, Record<string, unknown>> };
    const mine = Object.keys(doc.paths).filter((p) => /nudges|push/.test(p));
    expect(mine.sort()).toEqual([
      '/v1/me/nudges',
      '/v1/me/nudges/stream',
      '/v1/me/nudges/{id}/dismissal',
      '/v1/me/nudges/{id}/feedback',
      '/v1/me/push-subscriptions',
      '/v1/push/vapid-public-key',
    ]);
    type Op = { parameters?: { in: string; name: string }[] };
    const params = mine.flatMap((p) =>
      Object.values(doc.paths[p]!).flatMap((op) => (op as Op).parameters ?? []),
    );
    expect(params.map((p) => `${p.in}:${p.name}`)).toEqual(['path:id', 'path:id', 'path:id']);
    const key = await call('GET', '/v1/push/vapid-public-key');
    expect(Buffer.from((key.json as { publicKey: string }).publicKey, 'base64url')).toHaveLength(65);
  });
});
