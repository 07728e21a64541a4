import { createECDH, createPublicKey } from 'node:crypto';
import { validateCronExpression } from 'cron';
import { z } from 'zod';
import { TOPICS, type TopicEnv } from '../kafka/topics.catalog';
import { NIGHT_CACHE_DEFAULT_BYTES } from '../night/night.samples';
import { parseSupportContacts } from '../web/support-contacts';

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
const base64url = (bytes: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'expected base64url')
    .refine((s) => Buffer.from(s, 'base64url').length === bytes, `expected ${bytes} bytes, base64url`);
const timeZone = z.string().refine((tz) => {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: tz }) !== undefined;
  } catch {
    return false;
  }
}, 'expected an IANA time zone');
const clock = '([01]\\d|2[0-3]):[0-5]\\d';
const cron = z.string().refine((c) => validateCronExpression(c).valid, 'expected a cron expression');
const num = (min: number, max: number) => z.coerce.number().min(min).max(max);

const topicNames = Object.fromEntries(
  Object.values(TOPICS).map((t) => [t.env, z.string().min(1).default(t.name)]),
) as { [K in TopicEnv]: z.ZodDefault<z.ZodString> };

/** Every environment variable the service reads, parsed once at start. */
export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: int(0, 65535).default(3000),
    LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),

    KAFKA_BROKERS: csv,
    KAFKA_CLIENT_ID: z.string().min(1).default('respite'),
    KAFKA_GROUP_ID: z.string().min(1).default('respite-ingest'),
    // TOPIC_HRV, TOPIC_SLEEP, …: one per topic of the catalog, defaulting to its name
    ...topicNames,

    INFLUX_URL: z.url(),
    INFLUX_TOKEN: z.string().min(1),
    INFLUX_ORG: z.string().min(1).default('respite'),
    INFLUX_BUCKET: z.string().min(1).default('wearables'),
    INFLUX_WRITE_TIMEOUT_MS: int(100, 600_000).default(10_000),
    /**
     * The trends' reads: how long InfluxDB may send nothing, first bytes included. Apart from the
     * writes' timeout: an InfluxQL read sets up a cursor for every series before its first row
     * (seconds at 100,000 people), and a read's stream pauses while the job writes kept weeks.
     */
    INFLUX_QUERY_TIMEOUT_MS: int(1_000, 3_600_000).default(120_000),
    /**
     * The bucket's shard groups in days, set at start if they differ (src/influx/influx.bucket.ts):
     * a person's read costs InfluxDB per shard. 0 leaves the bucket as its operator set it.
     */
    INFLUX_SHARD_GROUP_DAYS: int(0, 3_650).default(28),
    /** Gzip write bodies: worth it over a network, wasted CPU on both sides when InfluxDB is local. */
    INFLUX_GZIP: bool.default(true),
    /**
     * The person's own reads from InfluxDB (nights, check-ins, export) in flight at once; the rest
     * wait in order, so each answer waits its share instead of a few waiting far longer (README, Scale).
     */
    INFLUX_PERSONAL_READS: int(1, 256).default(8),

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
    INGEST_FETCH_BYTES: int(16_384, 16_777_216).default(2_097_152),
    /** Record bytes fetched and not yet acknowledged by InfluxDB, all partitions together. */
    INGEST_MEMORY_BUDGET_BYTES: int(65_536, 1_073_741_824).default(33_554_432),
    INGEST_MAX_FUTURE_MS: int(0, 7 * 86_400_000).default(86_400_000),
    /**
     * Memory (typed arrays and per-person entries) for the HRV samples held until their night
     * completes (src/night/night.samples.ts),
     * all people together; over it, the people touched longest ago are read from InfluxDB instead.
     */
    NIGHT_CACHE_MAX_BYTES: int(1_048_576, 4_294_967_296).default(NIGHT_CACHE_DEFAULT_BYTES),
    SHUTDOWN_DEADLINE_MS: int(1000, 600_000).default(25_000),
    /**
     * Erasure deletes a person's points, waits this long, and deletes again: a batch another instance
     * consent-checked just before it saw the withdrawal can land within one write timeout.
     */
    ERASURE_SETTLE_MS: int(0, 600_000).default(12_000),
    /** How long `DELETE /v1/me/consent?erase=true` waits for the erasure's receipt before a 202. */
    ERASURE_WAIT_MS: int(0, 600_000).default(30_000),
    INGEST_ENABLED: bool.default(true),
    /** Baselines and early warnings on every night ingest completes. */
    WARNINGS_ENABLED: bool.default(true),
    /**
     * The warnings' operating point (warning.config.ts WARNING_PRESETS): `default` spends up to 0.25
     * false alert-days per person-quarter, `conservative` ~0.15, `sensitive` ~0.5 for more early
     * warnings (tools/evaluation/README.md).
     */
    WARNING_PRESET: z.enum(['sensitive', 'default', 'conservative']).default('default'),
    /** A person with no night for this many days counts as stale (a gauge, set daily). */
    WARNING_STALE_DAYS: int(1, 60).default(3),
    /** A night waits at most this long for the HRV produced before its sleep record, then is evaluated with what is stored. */
    WARNING_NIGHT_GRACE_MS: int(0, 86_400_000).default(900_000),
    /** How often waiting nights are checked against the HRV topic's progress (also after each stored HRV batch). */
    WARNING_PENDING_CHECK_MS: int(50, 600_000).default(1_000),

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
    /** How long a verified token's caller is remembered (never past its exp); 0: every request verifies. */
    JWT_VERIFIED_CACHE_S: int(0, 600).default(60),

    /** Nudge delivery: quiet hours (local `HH:MM-HH:MM`) in the person's zone, else this default zone. */
    NUDGE_TIME_ZONE: timeZone.default('Europe/Berlin'),
    NUDGE_QUIET_HOURS: z
      .string()
      .regex(new RegExp(`^${clock}-${clock}$`), 'expected HH:MM-HH:MM (equal times: no quiet hours)')
      .default('21:00-07:30')
      .transform((s) => ({ start: s.slice(0, 5), end: s.slice(6) })),
    /** The per-minute release of nudges held through quiet hours: on exactly one instance. */
    NUDGE_RELEASE_ENABLED: bool.default(true),
    /** Web Push: all three or none (then an ephemeral pair outside production). */
    VAPID_PUBLIC_KEY: unset(base64url(65)),
    VAPID_PRIVATE_KEY: unset(base64url(32)),
    VAPID_SUBJECT: unset(
      z.string().regex(/^(mailto:\S+|https:\/\/\S+)$/, 'expected a mailto: or https: URL'),
    ),
    /** Hosts (and their subdomains) push subscriptions may point to: the server POSTs there. */
    PUSH_ENDPOINT_HOSTS: csv.default([
      'fcm.googleapis.com',
      'updates.push.services.mozilla.com',
      'web.push.apple.com',
      'notify.windows.com',
    ]),

    /** Trend feeds (DESIGN §3 invariant 4). Below k = 5 nobody is hidden, so it is refused. */
    TRENDS_K: z.coerce
      .number()
      .int()
      .min(5, 'must be at least 5: fewer contributors cannot hide anyone')
      .max(10_000)
      .default(10),
    /** Laplace epsilon per released record; 0 = no noise (k-anonymity and differencing still apply). */
    TRENDS_EPSILON: num(0, 10).default(0),
    TRENDS_DAILY_EPSILON_BUDGET: num(0.001, 100).default(3),
    /** Secret salt of the member hashes in the trend memory; the trends module requires it in production. */
    TRENDS_SALT: unset(z.string().min(16, 'at least 16 characters')),
    /** Cohorts that get a feed; the organisation names them, not whatever people type in. */
    TRENDS_COHORTS: unset(csv.pipe(z.array(z.string().regex(/^[a-z0-9:_-]{1,64}$/, 'not a cohort id')))),
    /** Days a published member set is remembered for differencing checks. */
    TRENDS_MEMORY_DAYS: int(7, 3650).default(90),
    /** UTC; run the schedule on exactly one instance. */
    TRENDS_SCHEDULE_ENABLED: bool.default(true),
    TRENDS_CRON_DAILY: cron.default('0 18 * * *'),
    TRENDS_CRON_WEEKLY: cron.default('30 18 * * 1'),

    /**
     * Retention (storage limitation, GDPR Art. 5(1)(e)): days of raw `hrv` and `sleep` points kept.
     * The warnings read a night's HRV back from InfluxDB when its sleep session arrives; below 14
     * days a late sync could find them gone.
     */
    RETENTION_RAW_DAYS: z.coerce
      .number()
      .int()
      .min(14, 'must be at least 14: the warnings read recent readings back')
      .max(3650)
      .default(90),
    /** Days of `daily` points kept: trends read 90 days of baselines before the period they publish. */
    RETENTION_DAILY_DAYS: z.coerce
      .number()
      .int()
      .min(120, 'must be at least 120: trends read 90 days of baseline nights before a period')
      .max(3650)
      .default(400),
    /** UTC; the deletes are idempotent, but run them on one instance, as the trend schedule. */
    RETENTION_SCHEDULE_ENABLED: bool.default(true),
    RETENTION_CRON: cron.default('15 3 * * *'),

    /** The personal app's sign-in: OIDC authorization code + PKCE against this issuer (a public client). */
    OIDC_ISSUER: unset(z.url()),
    OIDC_CLIENT_ID: unset(z.string().min(1).max(200)),
    OIDC_SCOPE: z.string().min(1).max(200).default('openid'),
    /** Accept a token in the app link's fragment (`npm run demo`); refused in production. */
    WEB_DEMO_SIGN_IN: bool.default(false),
    /** The organisation's confidential support, shown in the app: a JSON array (src/web/support-contacts.ts). */
    SUPPORT_CONTACTS: unset(z.string().transform((s, ctx) => parseSupportContacts(s, ctx))),
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
    const vapid = [c.VAPID_PUBLIC_KEY, c.VAPID_PRIVATE_KEY, c.VAPID_SUBJECT].filter((v) => v !== undefined);
    // none at all is refused in production by the nudges module, which needs them (resolveVapid)
    if (vapid.length > 0 && vapid.length < 3) {
      ctx.addIssue({
        code: 'custom',
        path: ['VAPID_PUBLIC_KEY'],
        message: 'set all of VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT, or none',
      });
    } else if (
      c.VAPID_PUBLIC_KEY &&
      c.VAPID_PRIVATE_KEY &&
      !vapidPair(c.VAPID_PUBLIC_KEY, c.VAPID_PRIVATE_KEY)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['VAPID_PRIVATE_KEY'],
        message: 'does not match VAPID_PUBLIC_KEY',
      });
    }
    if (c.TRENDS_EPSILON > 0 && c.TRENDS_DAILY_EPSILON_BUDGET < c.TRENDS_EPSILON) {
      ctx.addIssue({
        code: 'custom',
        path: ['TRENDS_DAILY_EPSILON_BUDGET'],
        message: 'below TRENDS_EPSILON, so nothing could ever be published',
      });
    }
    if (c.NODE_ENV === 'production' && c.WEB_DEMO_SIGN_IN) {
      ctx.addIssue({ code: 'custom', path: ['WEB_DEMO_SIGN_IN'], message: 'not allowed in production' });
    }
    if ((c.OIDC_ISSUER === undefined) !== (c.OIDC_CLIENT_ID === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['OIDC_ISSUER'],
        message: 'set OIDC_ISSUER and OIDC_CLIENT_ID together',
      });
    }
    if (c.RETENTION_DAILY_DAYS < c.RETENTION_RAW_DAYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['RETENTION_DAILY_DAYS'],
        message: 'below RETENTION_RAW_DAYS: nightly summaries would go before the readings they summarise',
      });
    }
    if (c.NODE_ENV === 'production' && c.ERASURE_SETTLE_MS < c.INFLUX_WRITE_TIMEOUT_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['ERASURE_SETTLE_MS'],
        message:
          'below INFLUX_WRITE_TIMEOUT_MS: a write in flight at the erasure could land after its last delete',
      });
    }
  });

export type AppConfig = z.output<typeof envSchema>;

function vapidPair(publicKey: string, privateKey: string): boolean {
  try {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(Buffer.from(privateKey, 'base64url'));
    return ecdh.getPublicKey().equals(Buffer.from(publicKey, 'base64url'));
  } catch {
    return false;
  }
}

export class ConfigError extends Error {}

/** Parses the environment; a bad or missing value names the variable and what is expected. */
export function parseConfig(env: NodeJS.ProcessEnv): AppConfig {
  const result = envSchema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
  throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
}
