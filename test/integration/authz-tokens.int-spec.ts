import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { jose } from '../../src/auth/jose';
import { makeTestEnv, type TestEnv } from '../support/harness';
import { ServiceProcess } from '../support/service-process';

const ISSUER = 'https://login.test.invalid/realms/staff';
const AUDIENCE = 'respite';
const now = () => Math.floor(Date.now() / 1000);
const b64 = (o: unknown) => Buffer.from(typeof o === 'string' ? o : JSON.stringify(o)).toString('base64url');

/**
 * Tokens an attacker would try, against the service as a process with an RS256 public key, issuer
 * and audience configured (as in production): each refused with 401/403, none a 5xx, and none of
 * them (nor the subject it names) in the service's log lines.
 */
describe('token attacks (service with JWT_PUBLIC_KEY, real Kafka and InfluxDB)', () => {
  let t: TestEnv;
  let svc: ServiceProcess;
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const victim = `nurse-${randomUUID()}`;
  const claims = (extra: Record<string, unknown> = {}) => ({
    sub: victim,
    roles: ['subject'],
    iss: ISSUER,
    aud: AUDIENCE,
    iat: now(),
    exp: now() + 300,
    ...extra,
  });
  const rs256 = (c: Record<string, unknown>, header: Record<string, unknown> = {}) =>
    new jose.SignJWT(c).setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...header }).sign(privateKey);
  const hs256 = (c: Record<string, unknown>, secret: Uint8Array) =>
    new jose.SignJWT(c).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(secret);

  beforeAll(async () => {
    t = await makeTestEnv('authz-tokens');
    svc = new ServiceProcess({
      ...t.env,
      JWT_SECRET: '',
      JWT_JWKS_URL: '',
      JWT_PUBLIC_KEY: publicPem,
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
      // every request is logged at this level: the scan below has something to read
      LOG_LEVEL: 'log',
    });
    await svc.start();
  });
  afterAll(async () => {
    await svc?.kill('SIGTERM');
    await t?.producer.disconnect();
  });

  const get = async (path: string, headers: Record<string, string>) => {
    const res = await fetch(`http://127.0.0.1:${svc.port}${path}`, { headers });
    const text = await res.text();
    return { status: res.status, text };
  };

  it('a well-formed token works (so that the refusals below are about the attack)', async () => {
    const res = await get('/v1/me/nudges', { authorization: `Bearer ${await rs256(claims())}` });
    expect(res.status).toBe(200);
  });

  it('refuses each attack with 401 or 403, never 5xx, and logs none of them', async () => {
    const pemBytes = new TextEncoder().encode(publicPem);
    const derBytes = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
    const attacks: [string, string, number][] = [
      ['alg none', `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`, 401],
      ['alg NoNe', `${b64({ alg: 'NoNe', typ: 'JWT' })}.${b64(claims())}.`, 401],
      ['HS256 with the public key (PEM) as secret', await hs256(claims(), pemBytes), 401],
      ['HS256 with the public key (DER) as secret', await hs256(claims(), derBytes), 401],
      ['wrong issuer', await rs256(claims({ iss: 'https://evil.test.invalid' })), 401],
      ['no issuer', await rs256(claims({ iss: undefined })), 401],
      ['wrong audience', await rs256(claims({ aud: 'someone-else' })), 401],
      ['expired', await rs256(claims({ exp: now() - 600 })), 401],
      ['not yet valid', await rs256(claims({ nbf: now() + 600 })), 401],
      ['sub with a NUL', await rs256(claims({ sub: `${victim}\u0000` })), 401],
      ['sub with a newline', await rs256(claims({ sub: `${victim}\n{"level":"fatal"}` })), 401],
      ['sub with a bidi override', await rs256(claims({ sub: `\u202e${victim}` })), 401],
      ['sub a number', await rs256(claims({ sub: 12345 })), 401],
      // a space-separated string is read as a list on purpose (OAuth `scope` style)
      ['roles a string naming no role', await rs256(claims({ roles: 'admin subjects' })), 403],
      ['roles an object', await rs256(claims({ roles: { subject: true } })), 403],
      ['roles of numbers', await rs256(claims({ roles: [1, 2] })), 403],
      ['roles null', await rs256(claims({ roles: null })), 403],
      ['a role that does not exist', await rs256(claims({ roles: ['admin'] })), 403],
      [
        'signed by another key',
        await new jose.SignJWT(claims())
          .setProtectedHeader({ alg: 'RS256' })
          .sign(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey),
        401,
      ],
      [
        'jku to the attacker',
        await rs256(claims(), { jku: 'https://evil.test.invalid/jwks' }).then((tok) =>
          tok.replace(/\.[^.]+$/, `.${randomBytes(256).toString('base64url')}`),
        ),
        401,
      ],
      ['oversized token (9 KB)', await rs256(claims({ pad: 'x'.repeat(9000) })), 401],
      [
        'payload not JSON',
        `${b64({ alg: 'RS256' })}.${b64('not json')}.${randomBytes(256).toString('base64url')}`,
        401,
      ],
    ];
    const secrets = [victim, publicPem.split('\n')[1]!];
    for (const [name, token, expected] of attacks) {
      const res = await get('/v1/me/nudges', { authorization: `Bearer ${token}` });
      expect(`${name} → ${res.status}`).toBe(`${name} → ${expected}`);
      secrets.push(token.split('.').at(-1) || token.slice(0, 40), token.split('.')[1] ?? token);
    }
    // the header itself: not Bearer, twice, oversized (past Node's 16 KB header limit: 431 before the app)
    expect((await get('/v1/me/nudges', { authorization: `Basic ${b64('a:b')}` })).status).toBe(401);
    expect((await get('/v1/me/nudges', { authorization: `Bearer ${'a'.repeat(12_000)}` })).status).toBe(401);
    expect((await get('/v1/me/nudges', { authorization: `Bearer ${'a'.repeat(40_000)}` })).status).toBe(431);
    expect(
      (await get('/v1/me/nudges', { authorization: 'Bearer ', 'x-pad': 'y'.repeat(40_000) })).status,
    ).toBe(431);

    // the service logged every request, and none of what the tokens carried
    await new Promise((r) => setTimeout(r, 500));
    const log = svc.stdout.join('');
    expect(log.split('\n').filter((l) => l.includes('/v1/me/nudges')).length).toBeGreaterThanOrEqual(
      attacks.length,
    );
    expect(log).not.toMatch(/"level":"(error|fatal)"/);
    for (const s of secrets.filter((x) => x.length >= 16)) expect(log).not.toContain(s);
  });
});
