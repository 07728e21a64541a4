import { createPublicKey } from 'node:crypto';
import { z } from 'zod';

const csv = z
  .string()
  .min(1)
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
/** An optional variable; set but empty counts as unset (compose files pass `${X:-}`). */
const unset = <T extends z.ZodType>(s: T) => z.preprocess((v) => (v === '' ? undefined : v), s.optional());
const publicKeyPem = z.string().refine((pem) => {
  if (pem.includes('PRIVATE KEY')) return false;
  try {
    return createPublicKey(pem).type === 'public';
  } catch {
    return false;
  }
}, 'expected a PEM public key (SPKI "BEGIN PUBLIC KEY" or a certificate), never a private key');

/** Every environment variable the service reads, parsed once at start. */
export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: int(0, 65535).default(3000),
    LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),

    KAFKA_BROKERS: csv,
    KAFKA_CLIENT_ID: z.string().min(1).default('respite'),
    KAFKA_GROUP_ID: z.string().min(1).default('respite-ingest'),
    TOPIC_HRV: z.string().min(1).default('wearables.hrv.v1'),
    TOPIC_SLEEP: z.string().min(1).default('wearables.sleep.v1'),
    TOPIC_CONSENT: z.string().min(1).default('consent.v1'),
    TOPIC_NUDGES: z.string().min(1).default('nudges.v1'),
    TOPIC_TRENDS: z.string().min(1).default('trends.v1'),

    INFLUX_URL: z.url(),
    INFLUX_TOKEN: z.string().min(1),
    INFLUX_ORG: z.string().min(1).default('respite'),
    INFLUX_BUCKET: z.string().min(1).default('wearables'),
    INFLUX_WRITE_TIMEOUT_MS: int(100, 600_000).default(10_000),

    /** `keyId:secret[,keyId:secret...]`; the first pair pseudonymizes, the rest only recognise old pids. */
    PSEUDONYM_KEYS: z
      .string()
      .min(1)
      .transform((s, ctx) => {
        const pairs = s.split(',').map((p) => p.trim().split(':'));
        for (const p of pairs) {
          if (p.length !== 2 || !/^[a-z0-9]{1,8}$/.test(p[0] ?? '') || (p[1] ?? '').length < 32) {
            ctx.addIssue({
              code: 'custom',
              message: 'expected keyId:secret pairs, keyId [a-z0-9]{1,8}, secret ≥ 32 chars',
            });
            return z.NEVER;
          }
        }
        return pairs.map(([keyId, secret]) => ({ keyId: keyId as string, secret: secret as string }));
      }),

    INGEST_MAX_MESSAGE_BYTES: int(1024, 10_485_760).default(262_144),
    INGEST_CONCURRENCY: int(1, 64).default(3),
    INGEST_MAX_FUTURE_MS: int(0, 7 * 86_400_000).default(86_400_000),
    SHUTDOWN_DEADLINE_MS: int(1000, 600_000).default(25_000),
    INGEST_ENABLED: bool.default(true),

    /** Bearer tokens: exactly one key source (see the refinement below); issuer and audience optional. */
    JWT_JWKS_URL: unset(z.url()),
    JWT_PUBLIC_KEY: unset(
      z
        .string()
        .transform((s) => s.replaceAll('\\n', '\n'))
        .pipe(publicKeyPem),
    ),
    JWT_SECRET: unset(z.string().min(32, 'at least 32 characters')),
    JWT_ISSUER: unset(z.string().min(1)),
    JWT_AUDIENCE: unset(z.string().min(1)),
    /** Where the roles are: a claim name or a dotted path (`realm_access.roles`); `role` is the fallback. */
    JWT_ROLES_CLAIM: z.string().min(1).max(128).default('roles'),
    JWT_CLOCK_TOLERANCE_S: int(0, 300).default(30),
  })
  .superRefine((c, ctx) => {
    const sources = (['JWT_JWKS_URL', 'JWT_PUBLIC_KEY', 'JWT_SECRET'] as const).filter(
      (k) => c[k] !== undefined,
    );
    if (sources.length !== 1) {
      const got = sources.length === 0 ? 'none' : sources.join(', ');
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_JWKS_URL'],
        message: `set exactly one of JWT_JWKS_URL, JWT_PUBLIC_KEY, JWT_SECRET (got ${got})`,
      });
    }
    if (c.NODE_ENV === 'production' && c.JWT_SECRET !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_SECRET'],
        message: 'a shared secret is not allowed in production; use JWT_JWKS_URL or JWT_PUBLIC_KEY',
      });
    }
    if (c.NODE_ENV === 'production' && c.JWT_JWKS_URL?.startsWith('http:')) {
      ctx.addIssue({ code: 'custom', path: ['JWT_JWKS_URL'], message: 'must be https in production' });
    }
  });

export type AppConfig = z.output<typeof envSchema>;

export class ConfigError extends Error {}

/** Parses the environment; a bad or missing value names the variable and what is expected. */
export function parseConfig(env: NodeJS.ProcessEnv): AppConfig {
  const result = envSchema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
  throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
}
