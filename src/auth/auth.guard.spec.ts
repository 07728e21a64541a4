import type { AddressInfo } from 'node:net';
import { Controller, Get, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ConfigModule } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { CurrentPrincipal, Roles } from './auth.decorators';
import { bearerToken } from './auth.guard';
import { AuthModule } from './auth.module';
import { jose } from './jose';
import type { Principal } from './principal';

const SECRET = 'guard-test-secret-long-enough-0123456789abcdef';

@Controller('probe')
class ProbeController {
  @Get('me')
  @Roles('subject')
  me(@CurrentPrincipal() p: Principal) {
    return { sub: p.sub };
  }

  @Get('ops')
  @Roles('operator')
  ops() {
    return { ok: true };
  }
}

describe('JwtAuthGuard over HTTP', () => {
  let app: INestApplication;
  let base: string;
  const config = { JWT_SECRET: SECRET, JWT_ROLES_CLAIM: 'roles', JWT_CLOCK_TOLERANCE_S: 5 } as AppConfig;
  const token = (claims: Record<string, unknown>, expSeconds = 300) =>
    new jose.SignJWT({ exp: Math.floor(Date.now() / 1000) + expSeconds, ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(SECRET));
  const get = (path: string, authorization?: string) =>
    fetch(`${base}${path}`, { headers: authorization === undefined ? {} : { authorization } });

  beforeAll(async () => {
    const mod = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), AuthModule],
      controllers: [ProbeController],
    }).compile();
    app = mod.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => app.close());

  it('lets a subject token through and hands the principal to the route', async () => {
    const res = await get('/probe/me', `Bearer ${await token({ sub: 'nurse-7', roles: ['subject'] })}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sub: 'nurse-7' });
  });

  it('answers 403 to a valid token without the role', async () => {
    const wellness = `Bearer ${await token({ sub: 'team', roles: ['wellness'], cohorts: ['unit:a'] })}`;
    expect((await get('/probe/me', wellness)).status).toBe(403);
    const subject = `Bearer ${await token({ sub: 'nurse-7', roles: ['subject'] })}`;
    const res = await get('/probe/ops', subject);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    expect((await get('/probe/me', `Bearer ${await token({ sub: 'nobody' })}`)).status).toBe(403);
  });

  it.each([
    ['no header', undefined, 'missing-token', 'Bearer'],
    ['another scheme', 'Basic dXNlcjpwYXNz', 'missing-token', 'Bearer'],
    [
      'an empty bearer',
      'Bearer ',
      'malformed-token',
      'Bearer error="invalid_token", error_description="malformed-token"',
    ],
    [
      'garbage',
      'Bearer %%%',
      'malformed-token',
      'Bearer error="invalid_token", error_description="malformed-token"',
    ],
  ])('answers 401 with a reason to %s', async (_, header, reason, challenge) => {
    const res = await get('/probe/me', header);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(challenge);
    expect(await res.json()).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'authentication failed',
      reason,
    });
  });

  it('answers 401 to expired, unsigned and wrongly signed tokens', async () => {
    const expired = await token({ sub: 'n', roles: ['subject'] }, -60);
    const unsigned = new jose.UnsecuredJWT({ sub: 'n', roles: ['subject'] }).setExpirationTime('5m').encode();
    const wrong = await new jose.SignJWT({
      sub: 'n',
      roles: ['subject'],
      exp: Math.floor(Date.now() / 1000) + 60,
    })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('x'.repeat(48)));
    for (const [t, reason] of [
      [expired, 'expired'],
      [unsigned, 'unsigned-token'],
      [wrong, 'bad-signature'],
    ] as const) {
      const res = await get('/probe/me', `Bearer ${t}`);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { reason: string }).reason).toBe(reason);
    }
  });
});

describe('bearerToken', () => {
  it('takes the token after a case-insensitive Bearer scheme', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer   abc.def.ghi  ')).toBe('abc.def.ghi');
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken('Token abc')).toBeUndefined();
    expect(() => bearerToken('Bearer')).toThrow('malformed-token');
  });
});
