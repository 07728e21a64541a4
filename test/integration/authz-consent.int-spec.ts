import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { ConsentAudit } from '../../src/consent/consent.audit';
import { HistoryQuery } from '../../src/influx/influx.history-query';
import { Pseudonymizer } from '../../src/privacy/pseudonymizer';
import { eventually, makeTestEnv, produce, startApp, type TestEnv, teardown } from '../support/harness';
import { TestTokens } from '../support/tokens';

const ROUTES = [
  ['GET', '/v1/me/consent'],
  ['PUT', '/v1/me/consent'],
  ['DELETE', '/v1/me/consent'],
  ['DELETE', '/v1/me/consent?erase=true'],
] as const;
const grantOf = (policyVersion: string) => ({ scopes: ['ingest'], cohorts: ['unit:er'], policyVersion });

describe('authorization matrix of /v1/me/consent (real Kafka and InfluxDB)', () => {
  let t: TestEnv;
  let app: INestApplication | undefined;
  const tokens = new TestTokens();
  const [a, b] = [`nurse-a-${randomUUID()}`, `nurse-b-${randomUUID()}`];

  type Res = { status: number; json: Record<string, unknown> | null };
  const raw = async (
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: string | Uint8Array,
  ): Promise<Res> => {
    const port = (app!.getHttpServer().address() as AddressInfo).port;
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers, body });
    const text = await res.text();
    let json: Record<string, unknown> | null = null;
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {}
    return { status: res.status, json };
  };
  const call = (
    method: string,
    path: string,
    token: string | undefined,
    body?: unknown,
    extra: Record<string, string> = {},
  ) =>
    raw(
      method,
      path,
      {
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        'content-type': 'application/json',
        ...extra,
      },
      body === undefined ? undefined : JSON.stringify(body),
    );

  /** B's consent, points and audit trail: none of A's or anyone else's calls may change them. */
  const stateOfB = async () => ({
    consent: (await call('GET', '/v1/me/consent', await tokens.subject(b))).json,
    points: await app!.get(HistoryQuery).countFor(app!.get(Pseudonymizer).pid(b)),
    audit: app!.get(ConsentAudit).entries(app!.get(Pseudonymizer).pid(b)).length,
  });

  beforeAll(async () => {
    t = await makeTestEnv('authz');
    app = await startApp(t, tokens.env);
    await call('PUT', '/v1/me/consent', await tokens.subject(b), grantOf('b-1'));
    const measuredAt = new Date(Date.now() - 3_600_000).toISOString();
    const reading = {
      schema: 'hrv.v1',
      readingId: randomUUID(),
      subjectId: b,
      source: 'polar',
      measuredAt,
      rmssdMs: 51,
      context: 'rest',
    };
    await produce(t, t.env.TOPIC_HRV!, [{ key: b, value: JSON.stringify(reading) }]);
    await eventually(
      () => app!.get(HistoryQuery).countFor(app!.get(Pseudonymizer).pid(b)),
      (n) => n > 0,
    );
  });
  afterAll(() => teardown(t, [app]));

  it('refuses every route to callers who are not the subject: 401 without a valid token, 403 without the role', async () => {
    const before = await stateOfB();
    const callers: [string, string | undefined, number][] = [
      ['no token', undefined, 401],
      ['wellness with sub = B', await tokens.as('wellness', b, { cohorts: ['unit:er'] }), 403],
      ['operator with sub = B', await tokens.as('operator', b), 403],
      ['no role, sub = B', await tokens.sign({ sub: b }), 403],
      ['unknown role, sub = B', await tokens.sign({ sub: b, roles: ['admin'] }), 403],
      ...Object.entries(await tokens.bad(b)).map(([name, tok]): [string, string, number] => [
        `${name} token for B`,
        tok,
        401,
      ]),
      ['token with an over-long sub', await tokens.subject('x'.repeat(500)), 401],
    ];
    const seen: string[] = [];
    for (const [name, token, expected] of callers) {
      for (const [method, path] of ROUTES) {
        const res = await call(method, path, token, method === 'PUT' ? grantOf('hijack') : undefined);
        seen.push(`${name} ${method} ${path} → ${res.status}`);
        expect(`${name} ${method} ${path} → ${res.status}`).toBe(`${name} ${method} ${path} → ${expected}`);
        if (expected === 401) expect(res.json).toMatchObject({ statusCode: 401, reason: expect.any(String) });
      }
    }
    expect(seen).toHaveLength(callers.length * ROUTES.length);
    expect(await stateOfB()).toEqual(before);
  });

  it('lets a subject act on their own consent only, whatever they put in the request', async () => {
    const tokenA = await tokens.subject(a);
    const before = await stateOfB();
    expect((await call('PUT', '/v1/me/consent', tokenA, grantOf('a-1'))).status).toBe(200);
    expect((await call('GET', '/v1/me/consent', tokenA)).json).toMatchObject({ policyVersion: 'a-1' });

    // ways one might try to name B: all of them act on A or are refused
    const put = await call('PUT', '/v1/me/consent', tokenA, { ...grantOf('a-2'), subjectId: b });
    expect(put.status).toBe(400);
    expect(put.json).toMatchObject({
      message: 'invalid body',
      issues: [{ path: 'subjectId', message: 'unknown field' }],
    });
    expect((await call('GET', `/v1/me/consent?subjectId=${b}`, tokenA)).json).toMatchObject({
      policyVersion: 'a-1',
    });
    expect((await call('GET', `/v1/me/consent/${b}`, tokenA)).status).toBe(404);
    expect((await call('GET', `/v1/subjects/${b}/consent`, tokenA)).status).toBe(404);
    expect((await call('DELETE', `/v1/me/consent/${b}?erase=true`, tokenA)).status).toBe(404);
    const spoof = { 'x-subject-id': b, 'x-forwarded-user': b, 'x-user-id': b };
    expect((await call('PUT', '/v1/me/consent', tokenA, grantOf('a-3'), spoof)).json).toMatchObject({
      policyVersion: 'a-3',
    });
    expect(
      (await call('DELETE', `/v1/me/consent?subjectId=${b}`, tokenA, undefined, spoof)).json,
    ).toMatchObject({ status: 'revoked', policyVersion: 'a-3' });
    expect(
      (await call('DELETE', `/v1/me/consent?erase=true&subjectId=${b}`, tokenA, undefined, spoof)).json,
    ).toMatchObject({ status: 'erased' });
    // A's own erasure receipt, nothing of B's
    expect((await call('GET', '/v1/me/consent', tokenA)).json).toMatchObject({ status: 'erased' });

    expect(await stateOfB()).toEqual(before);
    expect(before.consent).toMatchObject({ status: 'granted', policyVersion: 'b-1' });
    expect(before.points).toBeGreaterThan(0);
  });
  it('documents every consent route in OpenAPI as bearer-protected', async () => {
    const doc = (await raw('GET', '/docs-json', {})).json as {
      paths: Record<string, Record<string, { security?: unknown[]; responses: object }>>;
    };
    const ops = doc.paths['/v1/me/consent']!;
    expect(Object.keys(ops).sort()).toEqual(['delete', 'get', 'put']);
    for (const op of Object.values(ops)) {
      expect(op.security).toEqual([{ bearer: [] }]);
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '401', '403']));
    }
    expect(Object.keys(doc.paths).filter((p) => p.includes('{'))).not.toContainEqual(
      expect.stringContaining('consent'),
    );
  });
});
