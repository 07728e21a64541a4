import { randomBytes } from 'node:crypto';
import { jose } from '../../src/auth/jose';
import type { Role } from '../../src/auth/principal';

/** Signs test bearer tokens with a per-file HS256 secret that the app under test is started with. */
export class TestTokens {
  readonly secret = randomBytes(32).toString('hex');

  /** startApp overrides: this secret as the only key source. */
  get env(): NodeJS.ProcessEnv {
    return { JWT_SECRET: this.secret, JWT_JWKS_URL: '', JWT_PUBLIC_KEY: '' };
  }

  sign(
    claims: Record<string, unknown>,
    opts: { expiresInS?: number; secret?: string } = {},
  ): Promise<string> {
    const exp = Math.floor(Date.now() / 1000) + (opts.expiresInS ?? 300);
    return new jose.SignJWT({ exp, ...claims })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt()
      .sign(new TextEncoder().encode(opts.secret ?? this.secret));
  }

  as(role: Role, sub: string, extra: Record<string, unknown> = {}): Promise<string> {
    return this.sign({ sub, roles: [role], ...extra });
  }

  subject(subjectId: string): Promise<string> {
    return this.as('subject', subjectId);
  }

  /** Tokens that must all be refused with 401, by name. */
  async bad(subjectId: string): Promise<Record<string, string>> {
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const claims = { sub: subjectId, roles: ['subject'] };
    return {
      expired: await this.sign(claims, { expiresInS: -600 }),
      unsigned: `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, exp: 4102444800 })}.`,
      wrongKey: await this.sign(claims, { secret: randomBytes(32).toString('hex') }),
      malformed: 'not.a.jwt',
      garbage: '\u00ff'.repeat(20),
      truncated: (await this.sign(claims)).slice(0, -10),
      huge: 'a'.repeat(7000),
    };
  }
}
