import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Pseudonymizer } from '../../src/privacy/pseudonymizer';
import { eventually, makeTestEnv, produce, type TestEnv } from '../support/harness';
import { ServiceProcess } from '../support/service-process';
import { TestTokens } from '../support/tokens';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');
// `npm test` runs a small fixed budget; `npm run fuzz` a longer one (RESPITE_FUZZ_EXAMPLES, _SEED)
const EXAMPLES = Number(process.env.RESPITE_FUZZ_EXAMPLES ?? 8);
const SEED = Number(process.env.RESPITE_FUZZ_SEED ?? 1);

interface Har {
  log: {
    entries: {
      request: { method: string; url: string };
      response: { status: number; content: { text?: string } };
    }[];
  };
}

/**
 * Schemathesis against the running service (started as `npm run demo` does, under tsx), from the
 * document it serves itself, once per kind of caller: no 5xx, every status code and body as
 * documented, what the document allows is accepted and what it forbids refused, and nothing of
 * another person (B) in any answer.
 */
describe('the HTTP API fuzzed from its own OpenAPI document (Schemathesis, real Kafka and InfluxDB)', () => {
  let t: TestEnv;
  let svc: ServiceProcess;
  let st: string;
  const tokens = new TestTokens();
  const a = `nurse-a-${randomUUID()}`;
  const b = `nurse-b-${randomUUID()}`;
  const bMarker = `bmark-${randomUUID().slice(0, 8)}`;
  let bPid: string;
  const base = () => `http://127.0.0.1:${svc.port}`;

  beforeAll(async () => {
    st = (await run('bash', [join(root, 'scripts', 'fuzz', 'setup.sh')], { timeout: 600_000 })).stdout.trim();
    t = await makeTestEnv('fuzz');
    // erasures answer 202 at once (GET then says erasing): the fuzzer erases A many times
    svc = new ServiceProcess({ ...t.env, ...tokens.env, LOG_LEVEL: 'log', ERASURE_WAIT_MS: '0' });
    await svc.start();
    const [keyId, secret] = t.env.PSEUDONYM_KEYS!.split(':') as [string, string];
    bPid = new Pseudonymizer([{ keyId, secret }]).pid(b);
    // B: consent, a reading, a check-in, all carrying markers to look for in A's answers
    const bToken = await tokens.subject(b);
    const put = await fetch(`${base()}/v1/me/consent`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${bToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        scopes: ['ingest', 'early-warning', 'aggregate-trends', 'self-report'],
        cohorts: ['unit:fuzz'],
        policyVersion: bMarker,
      }),
    });
    expect(put.status).toBe(200);
    await produce(t, t.env.TOPIC_HRV!, [
      {
        key: b,
        value: JSON.stringify({
          schema: 'hrv.v1',
          readingId: randomUUID(),
          subjectId: b,
          source: 'polar',
          measuredAt: new Date(Date.now() - 86_400_000).toISOString(),
          rmssdMs: 47.25,
          context: 'rest',
        }),
      },
    ]);
    await eventually(
      async () =>
        (await fetch(`${base()}/v1/me/export`, { headers: { authorization: `Bearer ${bToken}` } })).text(),
      (text) => text.includes('47.25'),
    );
  }, 900_000);

  afterAll(async () => {
    await svc?.kill('SIGTERM');
    await t?.producer.disconnect();
  });

  const callers: [string, () => Promise<string | undefined>][] = [
    ['subject', () => tokens.subject(a)],
    ['wellness', () => tokens.as('wellness', `lead-${randomUUID()}`, { cohorts: ['unit:fuzz'] })],
    ['operator', () => tokens.as('operator', `ops-${randomUUID()}`)],
    ['no token', async () => undefined],
  ];

  it.each(callers)('as %s: no failure, nothing of anyone else', async (name, token) => {
    const dir = mkdtempSync(join(tmpdir(), 'respite-fuzz-'));
    const bearer = await token();
    const args = [
      '--config-file',
      join(root, 'scripts', 'fuzz', 'schemathesis.toml'),
      'run',
      `${base()}/docs-json`,
      '--url',
      base(),
      '--max-examples',
      String(EXAMPLES),
      '--seed',
      String(SEED),
      '--workers',
      '1',
      '--request-timeout',
      '20',
      '--report',
      'har,junit',
      '--report-junit-path',
      join(dir, 'junit.xml'),
      '--report-har-path',
      join(dir, 'har.json'),
      '--no-color',
      ...(bearer ? ['--header', `Authorization: Bearer ${bearer}`] : []),
    ];
    const out = await run(st, args, { cwd: root, timeout: 1_200_000, maxBuffer: 64 << 20 }).then(
      (r) => ({ code: 0, text: r.stdout }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({
        code: e.code ?? 1,
        text: `${e.stdout ?? ''}${e.stderr ?? ''}`,
      }),
    );
    const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
    const count = (k: string) =>
      /<testsuites ([^>]*)>/.exec(junit)?.[1]?.match(new RegExp(`${k}="(\\d+)"`))?.[1];
    const requests = (JSON.parse(readFileSync(join(dir, 'har.json'), 'utf8')) as Har).log.entries.length;
    console.log(
      `schemathesis as ${name}, ${EXAMPLES} examples, seed ${SEED}: ${count('tests')} operations, ` +
        `${count('failures')} failed, ${count('errors')} errors, ${requests} requests`,
    );
    // on failure the report's tail names each check and the curl to reproduce it
    expect(out.code === 0 ? 'passed' : out.text.slice(-8000)).toBe('passed');
    expect([count('failures'), count('errors')]).toEqual(['0', '0']);

    const har = JSON.parse(readFileSync(join(dir, 'har.json'), 'utf8')) as Har;
    expect(har.log.entries.length).toBeGreaterThan(50);
    const leaks = har.log.entries.filter((e) =>
      [b, bPid, bMarker].some((m) => (e.response.content.text ?? '').includes(m)),
    );
    expect(leaks.map((e) => `${e.request.method} ${e.request.url}`)).toEqual([]);
  });
});
