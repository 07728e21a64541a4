import { jose } from './jose';
import { AuthError } from './principal';
import { TokenVerifier, type VerifierSettings } from './token-verifier';
import { VerifiedTokens } from './verified-tokens';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const secret = new TextEncoder().encode(SECRET);
const settings: VerifierSettings = {
  JWT_SECRET: SECRET,
  JWT_ROLES_CLAIM: 'roles',
  JWT_CLOCK_TOLERANCE_S: 30,
  JWT_VERIFIED_CACHE_S: 60,
};
const nowS = () => Math.floor(Date.now() / 1000);
const sign = (claims: Record<string, unknown>, key: Uint8Array = secret) =>
  new jose.SignJWT({ exp: nowS() + 300, roles: ['subject'], ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .sign(key);

/** A verifier on a clock the test moves, and the signature checks it made (WebCrypto's verify). */
function verifier(over: Partial<VerifierSettings> = {}) {
  let at = Date.now();
  const v = new TokenVerifier({ ...settings, ...over }, () => at);
  return { v, advance: (ms: number) => (at += ms) };
}

let checks: jest.SpyInstance;
beforeEach(() => {
  checks = jest.spyOn(crypto.subtle, 'verify');
});
afterEach(() => checks.mockRestore());

describe('TokenVerifier remembers the tokens it verified (JWT_VERIFIED_CACHE_S)', () => {
  it('checks a token’s signature once for several requests, and each new token again', async () => {
    const { v } = verifier();
    const a = await sign({ sub: 'nurse-1' });
    const b = await sign({ sub: 'nurse-2' });
    for (let i = 0; i < 3; i++) expect((await v.verify(a)).sub).toBe('nurse-1');
    expect(checks).toHaveBeenCalledTimes(1);
    expect((await v.verify(b)).sub).toBe('nurse-2');
    expect(checks).toHaveBeenCalledTimes(2);
  });

  it('checks every time with 0', async () => {
    const { v } = verifier({ JWT_VERIFIED_CACHE_S: 0 });
    const a = await sign({ sub: 'nurse-1' });
    for (let i = 0; i < 3; i++) await v.verify(a);
    expect(checks).toHaveBeenCalledTimes(3);
  });

  it('forgets a token after the setting’s time, and never serves one past its exp and the tolerance', async () => {
    const { v, advance } = verifier();
    const long = await sign({ sub: 'nurse-1' });
    await v.verify(long);
    advance(59_000);
    await v.verify(long);
    expect(checks).toHaveBeenCalledTimes(1);
    advance(2_000);
    await v.verify(long); // 61 s: checked again
    expect(checks).toHaveBeenCalledTimes(2);

    const short = await sign({ sub: 'nurse-2', exp: nowS() + 5 });
    const { v: w, advance: later } = verifier();
    await w.verify(short);
    later(34_000); // exp + 29 s: still within the tolerance, remembered
    await w.verify(short);
    expect(checks).toHaveBeenCalledTimes(3);
    later(2_000); // exp + 31 s: the verifier itself must judge it (here its clock still says valid)
    await w.verify(short);
    expect(checks).toHaveBeenCalledTimes(4);
  });

  it('keeps no refused token: a bad signature is checked and refused every time', async () => {
    const { v } = verifier();
    const forged = await sign(
      { sub: 'nurse-1' },
      new TextEncoder().encode('another-secret-long-enough-0123456789'),
    );
    for (let i = 0; i < 2; i++)
      await expect(v.verify(forged)).rejects.toEqual(new AuthError('bad-signature'));
    expect(checks).toHaveBeenCalledTimes(2);
  });

  it('hands out a principal nobody can change for the next request', async () => {
    const { v } = verifier();
    const token = await sign({ sub: 'team-1', roles: ['wellness'], cohorts: ['unit:icu-3'] });
    const p = await v.verify(token);
    expect(() => (p.cohorts as string[]).push('unit:other')).toThrow(/not extensible/);
    expect(() => Object.assign(p, { sub: 'someone-else' })).toThrow(/read only/);
    expect(await v.verify(token)).toEqual({ sub: 'team-1', roles: ['wellness'], cohorts: ['unit:icu-3'] });
  });
});

describe('VerifiedTokens', () => {
  const principal = { sub: 's', roles: ['subject'] as const, cohorts: [] };

  it('drops the oldest entry when full', () => {
    const t = new VerifiedTokens(60_000, 2, () => 0);
    t.remember('a', principal, 1e9);
    t.remember('b', principal, 1e9);
    t.remember('c', principal, 1e9);
    expect([t.get('a'), t.get('b'), t.get('c')].map(Boolean)).toEqual([false, true, true]);
    expect(t.size).toBe(2);
  });

  it('keeps nothing already expired', () => {
    const t = new VerifiedTokens(60_000, 10, () => 5_000);
    t.remember('a', principal, 5_000);
    expect(t.get('a')).toBeUndefined();
    expect(t.size).toBe(0);
  });
});
