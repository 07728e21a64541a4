// The compose end-to-end check's two halves (scripts/docker/compose-e2e.sh runs them):
//   tsx compose-check.ts secrets KEYFILE   prints the service's production settings (env lines) and
//                                           keeps the token signing key in KEYFILE
//   tsx compose-check.ts verify KEYFILE     with the stack up: a person grants consent through the
//                                           REST API, readings produced to Kafka are stored in
//                                           InfluxDB, /health/ready answers 200
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { InfluxDB } from '@influxdata/influxdb-client';
import { Kafka, logLevel } from 'kafkajs';
import webpush from 'web-push';
import { jose } from '../../src/auth/jose';

const READINGS = 200;
const env = (k: string) => process.env[k] ?? (process.exit(fail(`${k} is not set`)) as never);
function fail(msg: string): number {
  console.error(`[compose-check] FAILED: ${msg}`);
  return 1;
}
const say = (msg: string) => console.error(`[compose-check] ${msg}`);

async function secrets(keyFile: string): Promise<void> {
  const keys = await jose.generateKeyPair('ES256', { extractable: true });
  writeFileSync(keyFile, JSON.stringify(await jose.exportJWK(keys.privateKey)), { mode: 0o600 });
  const pem = (await jose.exportSPKI(keys.publicKey)).trim().replaceAll('\n', '\\n');
  const vapid = webpush.generateVAPIDKeys();
  const lines = {
    INFLUX_TOKEN: randomBytes(24).toString('hex'),
    PSEUDONYM_KEYS: `e2e:${randomBytes(24).toString('hex')}`,
    JWT_PUBLIC_KEY: pem,
    TRENDS_SALT: randomBytes(24).toString('hex'),
    TRENDS_COHORTS: 'unit:e2e',
    VAPID_PUBLIC_KEY: vapid.publicKey,
    VAPID_PRIVATE_KEY: vapid.privateKey,
    VAPID_SUBJECT: 'mailto:ops@example.org',
  };
  // quoted for the shell that sources them (the PEM has spaces)
  for (const [k, v] of Object.entries(lines)) console.log(`${k}='${v}'`);
}

async function poll<T>(
  what: string,
  probe: () => Promise<T>,
  done: (v: T) => boolean,
  s: number,
): Promise<T> {
  const until = Date.now() + s * 1000;
  let last: T | undefined;
  for (;;) {
    try {
      last = await probe();
      if (done(last)) return last;
    } catch (e) {
      last = String(e) as T;
    }
    if (Date.now() > until) throw new Error(`${what}: not within ${s} s (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function verify(keyFile: string): Promise<void> {
  const service = env('SERVICE_URL');
  const ready = await poll(
    '/health/ready 200',
    () => fetch(`${service}/health/ready`).then((r) => r.status),
    (s) => s === 200,
    180,
  );
  say(`/health/ready answered ${ready}`);

  const subjectId = `e2e-${randomUUID()}`;
  const key = await jose.importJWK(JSON.parse(readFileSync(keyFile, 'utf8')), 'ES256');
  const token = await new jose.SignJWT({ sub: subjectId, roles: ['subject'] })
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(key);
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const body = JSON.stringify({
    scopes: ['ingest', 'early-warning'],
    cohorts: ['unit:e2e'],
    policyVersion: '2026-11',
  });
  const put = await fetch(`${service}/v1/me/consent`, { method: 'PUT', headers: auth, body });
  if (put.status !== 200) throw new Error(`PUT /v1/me/consent answered ${put.status}: ${await put.text()}`);
  say('consent granted through the REST API (an ES256 token checked against JWT_PUBLIC_KEY)');

  const kafka = new Kafka({
    clientId: 'compose-check',
    brokers: env('KAFKA_BROKERS').split(','),
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer();
  await producer.connect();
  const start = Date.now() - 2 * 86_400_000;
  const messages = Array.from({ length: READINGS }, (_, i) => ({
    key: subjectId,
    value: JSON.stringify({
      schema: 'hrv.v1',
      readingId: randomUUID(),
      subjectId,
      source: 'garmin',
      measuredAt: new Date(start + i * 60_000).toISOString(),
      context: 'rest',
      rmssdMs: 30 + (i % 40),
    }),
  }));
  await producer.send({ topic: 'wearables.hrv.v1', acks: -1, messages });
  await producer.disconnect();
  say(`${READINGS} readings produced to wearables.hrv.v1`);

  const query = new InfluxDB({ url: env('INFLUX_URL'), token: env('INFLUX_TOKEN') }).getQueryApi('respite');
  const flux = `from(bucket: "wearables") |> range(start: -7d) |> filter(fn: (r) => r._measurement == "hrv" and r._field == "rmssd_ms")
    |> group() |> count()`;
  const count = async () => {
    const rows = await query.collectRows<{ _value: number }>(flux);
    return rows[0]?._value ?? 0;
  };
  const stored = await poll('points stored in InfluxDB', count, (n) => n >= READINGS, 120);
  if (stored !== READINGS) throw new Error(`${stored} hrv points stored, expected ${READINGS}`);
  say(`${stored} hrv points in InfluxDB`);
  const status = await fetch(`${service}/health/ready`).then((r) => r.status);
  if (status !== 200) throw new Error(`/health/ready answered ${status} after the ingest`);
  say('/health/ready still 200');
}

const [cmd, keyFile] = process.argv.slice(2);
if (!keyFile || (cmd !== 'secrets' && cmd !== 'verify'))
  process.exit(fail('usage: compose-check.ts secrets|verify KEYFILE'));
(cmd === 'secrets' ? secrets(keyFile) : verify(keyFile)).catch((e: unknown) => process.exit(fail(String(e))));
