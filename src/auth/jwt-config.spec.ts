import { generateKeyPairSync } from 'node:crypto';
import { configError, REQUIRED_ENV } from '../config/config.fixtures';
import { parseConfig } from '../config/config.schema';

/** Without a key source: what each test adds is the point. */
const required = { ...REQUIRED_ENV, JWT_SECRET: undefined };
const error = (env: Record<string, string>) => configError(env, required);
const SECRET = 'x'.repeat(32);
const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('JWT configuration', () => {
  it('needs exactly one key source', () => {
    expect(error({})).toContain(
      'JWT_JWKS_URL: set exactly one of JWT_JWKS_URL, JWT_PUBLIC_KEY, JWT_SECRET (got none)',
    );
    expect(error({ JWT_SECRET: SECRET, JWT_JWKS_URL: 'https://idp.example/jwks' })).toContain(
      'got JWT_JWKS_URL, JWT_SECRET',
    );
    expect(error({ JWT_SECRET: SECRET, JWT_PUBLIC_KEY: '' })).toBe('accepted');
  });

  it('allows a shared secret of 32+ characters, and never in production', () => {
    expect(error({ JWT_SECRET: 'short' })).toContain('JWT_SECRET: at least 32 characters');
    expect(error({ JWT_SECRET: SECRET, NODE_ENV: 'production' })).toContain(
      'JWT_SECRET: a shared secret is not allowed in production',
    );
  });

  it('takes a PEM public key (also with escaped newlines), never a private key', () => {
    expect(error({ JWT_PUBLIC_KEY: publicPem, NODE_ENV: 'production' })).toBe('accepted');
    expect(error({ JWT_PUBLIC_KEY: publicPem.replaceAll('\n', '\\n') })).toBe('accepted');
    expect(error({ JWT_PUBLIC_KEY: privatePem })).toContain('JWT_PUBLIC_KEY: expected a PEM public key');
    expect(error({ JWT_PUBLIC_KEY: 'not a key' })).toContain('JWT_PUBLIC_KEY');
  });

  it('wants an https JWKS URL in production', () => {
    expect(error({ JWT_JWKS_URL: 'http://idp/jwks', NODE_ENV: 'production' })).toContain(
      'JWT_JWKS_URL: must be https in production',
    );
    expect(error({ JWT_JWKS_URL: 'https://idp.example/jwks', NODE_ENV: 'production' })).toBe('accepted');
    expect(error({ JWT_JWKS_URL: 'not a url' })).toContain('JWT_JWKS_URL');
  });

  it('defaults the roles claim and the clock tolerance, and bounds the tolerance', () => {
    const c = parseConfig({ ...required, JWT_SECRET: SECRET });
    expect([c.JWT_ROLES_CLAIM, c.JWT_CLOCK_TOLERANCE_S, c.JWT_ISSUER]).toEqual(['roles', 30, undefined]);
    expect(error({ JWT_SECRET: SECRET, JWT_CLOCK_TOLERANCE_S: '3600' })).toContain('JWT_CLOCK_TOLERANCE_S');
  });
});
