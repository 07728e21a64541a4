import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CryptoKey, GenerateKeyPairResult, JWTHeaderParameters } from 'jose';
import { jose } from './jose';
import { AuthError, KeySourceUnavailable } from './principal';
import { TokenVerifier, type VerifierSettings } from './token-verifier';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const base: VerifierSettings = { JWT_ROLES_CLAIM: 'roles', JWT_CLOCK_TOLERANCE_S: 30 };
const hs = (over: Partial<VerifierSettings> = {}) =>
  new TokenVerifier({ ...base, JWT_SECRET: SECRET, ...over });
const secret = new TextEncoder().encode(SECRET);
const now = () => Math.floor(Date.now() / 1000);

type Claims = Record<string, unknown>;
function sign(claims: Claims, key: CryptoKey | Uint8Array = secret, header: Claims = { alg: 'HS256' }) {
  return new jose.SignJWT({ exp: now() + 300, ...claims })
    .setProtectedHeader(header as JWTHeaderParameters)
    .sign(key);
}
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'accepted';
  } catch (err) {
    if (err instanceof AuthError) return err.reason;
    if (err instanceof KeySourceUnavailable) return 'key-source-unavailable';
    throw err;
  }
}

describe('TokenVerifier with an HS256 secret', () => {
  it('accepts a valid token and reads sub, roles and (for wellness only) cohorts', async () => {
    const v = hs();
    expect(
      await v.verify(await sign({ sub: 'nurse-1', roles: ['subject'], cohorts: ['unit:icu-3'] })),
    ).toEqual({
      sub: 'nurse-1',
      roles: ['subject'],
      cohorts: [],
    });
    const w = await v.verify(
      await sign({ sub: 'team-1', role: 'wellness', cohorts: ['unit:icu-3', 'BAD COHORT', 7] }),
    );
    expect(w).toEqual({ sub: 'team-1', roles: ['wellness'], cohorts: ['unit:icu-3'] });
  });

  it('imports the secret once, not for every token it verifies', async () => {
    const token = await sign({ sub: 'nurse-1' });
    const imports = jest.spyOn(crypto.subtle, 'importKey');
    try {
      const v = hs();
      for (let i = 0; i < 3; i++) expect((await v.verify(token)).sub).toBe('nurse-1');
      expect(imports.mock.calls.length).toBeLessThanOrEqual(1);
    } finally {
      imports.mockRestore();
    }
  });

  it('reads roles from a configured, dotted claim and ignores unknown roles', async () => {
    const v = hs({ JWT_ROLES_CLAIM: 'realm_access.roles' });
    const p = await v.verify(await sign({ sub: 'op', realm_access: { roles: ['operator', 'admin'] } }));
    expect(p.roles).toEqual(['operator']);
  });

  it.each([
    ['missing', async () => undefined, 'missing-token'],
    ['empty', async () => '', 'missing-token'],
    ['not a JWS', async () => 'not-a-token', 'malformed-token'],
    ['garbage header', async () => 'e30x.e30.c2ln', 'malformed-token'],
    [
      'header not JSON',
      async () => `${Buffer.from('{oops').toString('base64url')}.e30.c2ln`,
      'malformed-token',
    ],
    ['oversized', async () => `${'a'.repeat(9000)}.e30.c2ln`, 'malformed-token'],
    [
      'alg none',
      async () => `${b64({ alg: 'none' })}.${b64({ sub: 'x', roles: ['subject'], exp: now() + 60 })}.`,
      'unsigned-token',
    ],
    [
      'alg NONE with a signature',
      async () => `${b64({ alg: 'NONE' })}.${b64({ sub: 'x' })}.c2ln`,
      'unsigned-token',
    ],
    ['no alg', async () => `${b64({ typ: 'JWT' })}.${b64({ sub: 'x' })}.c2ln`, 'unsigned-token'],
    [
      'jose UnsecuredJWT',
      async () => new jose.UnsecuredJWT({ sub: 'x' }).setExpirationTime('5m').encode(),
      'unsigned-token',
    ],
    ['expired', async () => sign({ sub: 'x', exp: now() - 120 }), 'expired'],
    ['not yet valid', async () => sign({ sub: 'x', nbf: now() + 600 }), 'not-yet-valid'],
    [
      'without exp',
      async () => new jose.SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'HS256' }).sign(secret),
      'invalid-claims',
    ],
    ['without sub', async () => sign({ roles: ['subject'] }), 'invalid-claims'],
    ['sub with control characters', async () => sign({ sub: 'a\u0000b' }), 'invalid-claims'],
    [
      'wrong secret',
      async () => sign({ sub: 'x' }, new TextEncoder().encode('another-secret-also-long-enough-0123456')),
      'bad-signature',
    ],
    ['HS512', async () => sign({ sub: 'x' }, secret, { alg: 'HS512' }), 'algorithm-not-allowed'],
    [
      'tampered payload',
      async () => (await sign({ sub: 'x' })).replace(/\.[^.]+\./, `.${b64({ sub: 'y', exp: now() + 60 })}.`),
      'bad-signature',
    ],
  ])('rejects a token that is %s', async (_, token, expected) => {
    expect(await reason(hs().verify(await token()))).toBe(expected);
  });

  it('accepts an expiry within the clock tolerance only', async () => {
    expect(await reason(hs().verify(await sign({ sub: 'x', exp: now() - 10 })))).toBe('accepted');
    expect(
      await reason(hs({ JWT_CLOCK_TOLERANCE_S: 0 }).verify(await sign({ sub: 'x', exp: now() - 10 }))),
    ).toBe('expired');
  });

  it('checks issuer and audience when configured', async () => {
    const v = hs({ JWT_ISSUER: 'https://idp.example', JWT_AUDIENCE: 'respite' });
    expect(await reason(v.verify(await sign({ sub: 'x', iss: 'https://idp.example', aud: 'respite' })))).toBe(
      'accepted',
    );
    expect(
      await reason(v.verify(await sign({ sub: 'x', iss: 'https://evil.example', aud: 'respite' }))),
    ).toBe('wrong-issuer');
    expect(await reason(v.verify(await sign({ sub: 'x', iss: 'https://idp.example', aud: 'other' })))).toBe(
      'wrong-audience',
    );
    expect(await reason(v.verify(await sign({ sub: 'x' })))).toBe('wrong-issuer');
  });
});

describe('TokenVerifier with a public key', () => {
  let keys: GenerateKeyPairResult;
  let pem: string;
  beforeAll(async () => {
    keys = await jose.generateKeyPair('ES256', { extractable: true });
    pem = await jose.exportSPKI(keys.publicKey);
  });
  const pk = () => new TokenVerifier({ ...base, JWT_PUBLIC_KEY: pem });

  it('accepts ES256 signed by the private key, and only ES256', async () => {
    expect(pk().algorithms).toEqual(['ES256']);
    expect(
      (await pk().verify(await sign({ sub: 'n', roles: 'subject' }, keys.privateKey, { alg: 'ES256' })))
        .roles,
    ).toEqual(['subject']);
  });

  it('rejects another key pair, and an HS256 token keyed with the public key (algorithm confusion)', async () => {
    const other = await jose.generateKeyPair('ES256');
    expect(await reason(pk().verify(await sign({ sub: 'n' }, other.privateKey, { alg: 'ES256' })))).toBe(
      'bad-signature',
    );
    const confused = await sign({ sub: 'n' }, new TextEncoder().encode(pem));
    expect(await reason(pk().verify(confused))).toBe('algorithm-not-allowed');
  });
});

describe('TokenVerifier with a JWKS URL', () => {
  let server: Server;
  let url: string;
  let keys: GenerateKeyPairResult;
  beforeAll(async () => {
    keys = await jose.generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await jose.exportJWK(keys.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((_, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('accepts a token whose kid is in the set, rejects an unknown kid', async () => {
    const v = new TokenVerifier({ ...base, JWT_JWKS_URL: url });
    expect(
      (
        await v.verify(
          await sign({ sub: 'n', roles: ['subject'] }, keys.privateKey, { alg: 'RS256', kid: 'k1' }),
        )
      ).sub,
    ).toBe('n');
    const other = await jose.generateKeyPair('RS256');
    expect(
      await reason(v.verify(await sign({ sub: 'n' }, other.privateKey, { alg: 'RS256', kid: 'k2' }))),
    ).toBe('unknown-key');
  });

  it('reports an unreachable key set as unavailable, not as the caller’s fault', async () => {
    const v = new TokenVerifier({ ...base, JWT_JWKS_URL: 'http://127.0.0.1:9/jwks' });
    const token = await sign({ sub: 'n' }, keys.privateKey, { alg: 'RS256', kid: 'k1' });
    expect(await reason(v.verify(token))).toBe('key-source-unavailable');
  });
});
