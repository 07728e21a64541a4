// `npm run bench:web`: the personal app as a person's phone meets it, and the API behind its charts.
// - Lighthouse (Debian's chromium, mobile defaults with simulated throttling) on Today and My signals:
//   performance and accessibility scores;
// - first-page JavaScript, gzipped: the entry script and the chunks it preloads (budget 100 KB);
// - GET /v1/me/nights latency for a person with 180 nights in InfluxDB (p50/p95 of sequential calls).
// Runs the real service on the real stack (own topics), like the tests. Not a timed test: it prints.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { deleteTestTopics, eventually, makeTestEnv, produce } from '../../test/support/harness';
import { ServiceProcess } from '../../test/support/service-process';
import { sleepMessages } from '../../test/support/stress-nights';
import { TestTokens } from '../../test/support/tokens';
import { loadStackEnv } from '../lib/stack-env';

const root = join(__dirname, '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const { values: args } = parseArgs({
  options: { calls: { type: 'string', default: '300' }, nights: { type: 'string', default: '180' } },
});

/** The entry script and every module it preloads, as index.html names them, gzipped (level 6, as servers do). */
export function firstPageJsBytes(dist = join(root, 'web', 'dist')): { files: string[]; gzip: number } {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const gzip = files.reduce((n, f) => n + gzipSync(readFileSync(join(dist, f))).length, 0);
  return { files, gzip };
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

interface Scores {
  performance: number;
  accessibility: number;
  /** the metrics behind the performance score, as Lighthouse displays them */
  metrics: string;
}

async function lighthouseScores(url: string): Promise<Scores> {
  const { launch } = await import('chrome-launcher');
  const lighthouse = (await import('lighthouse')).default;
  const chrome = await launch({
    chromePath: CHROMIUM,
    chromeFlags: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
  try {
    const r = await lighthouse(url, {
      port: chrome.port,
      onlyCategories: ['performance', 'accessibility'],
      logLevel: 'error',
      output: 'json',
    });
    const c = r?.lhr.categories;
    const a = r?.lhr.audits ?? {};
    const metrics = [
      'first-contentful-paint',
      'largest-contentful-paint',
      'total-blocking-time',
      'cumulative-layout-shift',
    ]
      .map(
        (id) =>
          `${id
            .split('-')
            .map((w) => w[0]!.toUpperCase())
            .join('')} ${a[id]?.displayValue ?? '?'}`,
      )
      .join(', ');
    return {
      performance: Math.round((c?.performance?.score ?? 0) * 100),
      accessibility: Math.round((c?.accessibility?.score ?? 0) * 100),
      metrics,
    };
  } finally {
    chrome.kill();
  }
}

async function main(): Promise<void> {
  Object.assign(process.env, loadStackEnv(root));
  const js = firstPageJsBytes();
  const t = await makeTestEnv('bench-web');
  const tokens = new TestTokens();
  const service = new ServiceProcess({
    ...t.env,
    ...tokens.env,
    WEB_DEMO_SIGN_IN: 'true',
    LOG_LEVEL: 'error',
  });
  await service.start();
  const base = `http://127.0.0.1:${service.port}`;
  try {
    const person = `bench-${Date.now()}`;
    const token = await tokens.subject(person);
    const call = (path: string, init: RequestInit = {}) =>
      fetch(`${base}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      });
    await call('/v1/me/consent', {
      method: 'PUT',
      body: JSON.stringify({
        scopes: ['ingest', 'early-warning'],
        policyVersion: '2026-11',
        timeZone: 'UTC',
      }),
    });
    const nights = Number(args.nights);
    await produce(t, t.env.TOPIC_SLEEP!, sleepMessages(person, nights));
    await eventually(
      async () =>
        ((await (await call(`/v1/me/nights?days=${nights}`)).json()) as { nights: unknown[] }).nights.length,
      (n) => n === nights,
      180_000,
    );

    const latency: Record<string, { p50: number; p95: number }> = {};
    for (const path of ['/v1/me/nights', `/v1/me/nights?days=${nights}`]) {
      for (let i = 0; i < 20; i++) await (await call(path)).arrayBuffer(); // warm-up
      const ms: number[] = [];
      for (let i = 0; i < Number(args.calls); i++) {
        const t0 = performance.now();
        const r = await call(path);
        await r.arrayBuffer();
        if (!r.ok) throw new Error(`${path} answered ${r.status}`);
        ms.push(performance.now() - t0);
      }
      latency[path] = { p50: +percentile(ms, 50).toFixed(1), p95: +percentile(ms, 95).toFixed(1) };
    }

    const link = (path: string) => `${base}${path}#token=${token}`;
    const today = await lighthouseScores(link('/'));
    const signals = await lighthouseScores(link('/signals'));

    console.log('\npersonal app benchmark');
    console.log(
      `first-page JS (gzip): ${(js.gzip / 1024).toFixed(1)} KB in ${js.files.join(', ')} (budget 100 KB)`,
    );
    console.log(
      `Lighthouse Today:      performance ${today.performance}, accessibility ${today.accessibility} (${today.metrics})`,
    );
    console.log(
      `Lighthouse My signals: performance ${signals.performance}, accessibility ${signals.accessibility} (${signals.metrics})`,
    );
    for (const [path, l] of Object.entries(latency))
      console.log(
        `GET ${path} (${nights} nights stored, ${args.calls} calls): p50 ${l.p50} ms, p95 ${l.p95} ms (target p95 ≤ 50 ms)`,
      );
  } finally {
    await service.kill('SIGTERM');
    await t.producer.disconnect();
    await deleteTestTopics(t);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
