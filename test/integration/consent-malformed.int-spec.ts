import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { ConsentService } from '../../src/consent/consent.service';
import { makeTestEnv, startApp, type TestEnv, teardown } from '../support/harness';
import { TestTokens } from '../support/tokens';

/** Hostile and broken requests to the consent routes: each is a 4xx, and none changes anything. */
describe('/v1/me/consent with malformed input (real Kafka and InfluxDB)', () => {
  let t: TestEnv;
  let app: INestApplication | undefined;
  const tokens = new TestTokens();

  const raw = async (
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: string | Uint8Array,
  ) => {
    const port = (app!.getHttpServer().address() as AddressInfo).port;
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers, body });
    const text = await res.text();
    let json: Record<string, unknown> | null = null;
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {}
    return { status: res.status, json };
  };

  beforeAll(async () => {
    t = await makeTestEnv('consent-bad');
    app = await startApp(t, tokens.env);
  });
  afterAll(() => teardown(t, [app]));

  it('answers malformed input with 4xx, never 5xx', async () => {
    const subjectId = `nurse-c-${randomUUID()}`;
    const token = await tokens.subject(subjectId);
    const auth = { authorization: `Bearer ${token}` };
    const json = { ...auth, 'content-type': 'application/json' };
    const bodies: [string, Record<string, string>, string | Uint8Array][] = [
      ['truncated JSON', json, '{"scopes": ['],
      ['empty body', json, ''],
      ['null', json, 'null'],
      ['a string', json, '"grant"'],
      ['a number', json, '42'],
      ['an array', json, '[{"scopes":["ingest"],"policyVersion":"v"}]'],
      ['wrong types', json, '{"scopes":"ingest","cohorts":{},"policyVersion":7,"timeZone":false}'],
      ['__proto__', json, '{"__proto__":{"roles":["operator"]},"scopes":["ingest"],"policyVersion":"v"}'],
      ['constructor', json, '{"constructor":{"prototype":{"x":1}},"scopes":["ingest"],"policyVersion":"v"}'],
      [
        'huge scopes array',
        json,
        JSON.stringify({ scopes: Array(50_000).fill('ingest'), policyVersion: 'v' }),
      ],
      [
        'many cohorts',
        json,
        JSON.stringify({
          scopes: ['ingest'],
          cohorts: Array.from({ length: 5000 }, (_, i) => `c${i}`),
          policyVersion: 'v',
        }),
      ],
      [
        'oversized body',
        json,
        JSON.stringify({ scopes: ['ingest'], policyVersion: 'v', pad: 'x'.repeat(2_000_000) }),
      ],
      ['deep nesting', json, `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
      ['invalid UTF-8', json, new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
      [
        'control characters',
        json,
        JSON.stringify({ scopes: ['ingest'], policyVersion: 'v\u0000\u202e', timeZone: '\u0000' }),
      ],
      ['text/plain', { ...auth, 'content-type': 'text/plain' }, 'scopes=ingest'],
      ['unknown charset', { ...auth, 'content-type': 'application/json; charset=ebcdic' }, '{}'],
      ['bad gzip', { ...json, 'content-encoding': 'gzip' }, 'not gzip at all'],
      ['unknown encoding', { ...json, 'content-encoding': 'x-custom' }, '{}'],
    ];
    for (const [name, headers, body] of bodies) {
      const res = await raw('PUT', '/v1/me/consent', headers, body);
      expect(`${name} → ${res.status}`).toMatch(/→ 4\d\d$/);
    }
    for (const query of [
      'erase=maybe',
      'erase=true&erase=false',
      'erase[x]=1',
      'erase=%E0%A4%A',
      '%zz=1',
      `erase=${'1'.repeat(5000)}`,
    ]) {
      const res = await raw('DELETE', `/v1/me/consent?${query}`, auth);
      expect(`${query.slice(0, 40)} → ${res.status}`).toMatch(/→ 4\d\d$/);
    }
    const res = await raw('PUT', '/v1/me/consent', json, '{"scopes":["ingest","x"],"policyVersion":"v"}');
    expect(res).toMatchObject({
      status: 400,
      json: {
        statusCode: 400,
        error: 'Bad Request',
        message: 'invalid body',
        issues: [{ path: 'scopes[1]' }],
      },
    });
    // a method the document does not declare here: 405 naming the ones it does (RFC 9110)
    for (const method of ['PATCH', 'POST'])
      expect(await raw(method, '/v1/me/consent', json, '{}')).toMatchObject({
        status: 405,
        json: { statusCode: 405, error: 'Method Not Allowed' },
      });
    const hugeHeader = await raw('GET', '/v1/me/consent', { authorization: `Bearer ${'a'.repeat(20_000)}` });
    expect(hugeHeader.status).toBeGreaterThanOrEqual(400);
    expect(hugeHeader.status).toBeLessThan(500);

    // nothing above created or changed a consent, and the service still answers
    expect(app!.get(ConsentService).view.get(subjectId)).toBeUndefined();
    expect((await raw('GET', '/v1/me/consent', auth)).status).toBe(404);
    expect(
      (await raw('PUT', '/v1/me/consent', json, '{"scopes":["ingest"],"policyVersion":"v"}')).status,
    ).toBe(200);
  });
});
