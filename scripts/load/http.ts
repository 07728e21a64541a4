// `npm run load:http`: the read APIs under load on the loopback, with 1,000 Server-Sent-Event
// streams held open, bounded in count and time. Runs the real service on the real stack (own
// topics), like the tests, and prints: requests, errors, p50/p99 per route, the service's resident
// memory before, with the streams open, and after they closed. Not a timed test: it prints.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { deleteTestTopics, makeTestEnv } from '../../test/support/harness';
import { ServiceProcess } from '../../test/support/service-process';
import { TestTokens } from '../../test/support/tokens';
import { loadStackEnv } from '../lib/stack-env';

const root = join(__dirname, '..', '..');
const { values: args } = parseArgs({
  options: {
    streams: { type: 'string', default: '1000' },
    requests: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '32' },
    people: { type: 'string', default: '200' },
  },
});

const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
};

async function main(): Promise<void> {
  Object.assign(process.env, loadStackEnv(root));
  const t = await makeTestEnv('load-http');
  const tokens = new TestTokens();
  const svc = new ServiceProcess({ ...t.env, ...tokens.env, LOG_LEVEL: 'warn' });
  let failed = true;
  try {
    await svc.start();
    const base = `http://127.0.0.1:${svc.port}`;
    const people = await Promise.all(
      Array.from({ length: Number(args.people) }, () => tokens.subject(`load-${randomUUID()}`)),
    );
    const lead = await tokens.as('wellness', `lead-${randomUUID()}`, { cohorts: ['unit:load'] });
    const auth = (tok: string) => ({ authorization: `Bearer ${tok}` });
    // each person has a consent record: GET /v1/me/consent reads it
    for (const tok of people)
      await fetch(`${base}/v1/me/consent`, {
        method: 'PUT',
        headers: { ...auth(tok), 'content-type': 'application/json' },
        body: JSON.stringify({
          scopes: ['ingest', 'early-warning'],
          cohorts: ['unit:load'],
          policyVersion: '2026-11',
        }),
      }).then((r) => r.text());
    const pid = svc.pid!;
    const idle = rssMb(pid);

    // the streams: each a person's own, held open while the reads run
    const abort = new AbortController();
    const streams = await Promise.all(
      Array.from({ length: Number(args.streams) }, (_, i) =>
        fetch(`${base}/v1/me/nudges/stream`, {
          signal: abort.signal,
          headers: { ...auth(people[i % people.length]!), accept: 'text/event-stream' },
        }).catch(() => undefined),
      ),
    );
    const streamErrors = streams.filter((s) => s?.status !== 200).length;

    const routes: [string, () => string][] = [
      ['GET /v1/me/consent', () => people[Math.floor(Math.random() * people.length)]!],
      ['GET /v1/me/nudges', () => people[Math.floor(Math.random() * people.length)]!],
      ['GET /v1/suggestions', () => people[Math.floor(Math.random() * people.length)]!],
      ['GET /v1/trends?cohort=unit:load', () => lead],
      ['GET /health/ready', () => lead],
    ];
    const lat = new Map<string, number[]>(routes.map(([r]) => [r, []]));
    const errors = new Map<string, number>();
    let next = 0;
    let peak = idle;
    const quarters: number[] = [];
    const total = Number(args.requests);
    const t0 = Date.now();
    const worker = async () => {
      while (next < total) {
        const [route, token] = routes[next++ % routes.length]!;
        const path = route.slice(4);
        const s = performance.now();
        const r = await fetch(`${base}${path}`, { headers: auth(token()) }).catch(() => undefined);
        await r?.arrayBuffer();
        lat.get(route)!.push(performance.now() - s);
        if (r?.status !== 200) errors.set(route, (errors.get(route) ?? 0) + 1);
        if (next % 500 === 0) peak = Math.max(peak, rssMb(pid));
        // memory at each quarter of the run: bounded means it levels off, not that it falls
        if (quarters.length < 4 && next >= ((quarters.length + 1) * total) / 4) quarters.push(rssMb(pid));
      }
    };
    await Promise.all(Array.from({ length: Number(args.concurrency) }, worker));
    const seconds = (Date.now() - t0) / 1000;
    const withStreams = rssMb(pid);
    abort.abort();
    await new Promise((r) => setTimeout(r, 3000));
    const after = rssMb(pid);

    console.log(
      `${args.streams} SSE streams open (${streamErrors} refused); ${total} reads at concurrency ${args.concurrency} in ${seconds.toFixed(1)} s (${Math.round(total / seconds)}/s)`,
    );
    for (const [route, xs] of lat)
      console.log(
        `  ${route.padEnd(34)} n=${xs.length} p50=${pct(xs, 50).toFixed(1)} ms p99=${pct(xs, 99).toFixed(1)} ms errors=${errors.get(route) ?? 0}`,
      );
    console.log(
      `service RSS: ${idle.toFixed(0)} MB idle; at each quarter of the reads ${quarters.map((q) => q.toFixed(0)).join(', ')} MB; peak ${Math.max(peak, withStreams).toFixed(0)} MB; ${after.toFixed(0)} MB after the streams closed`,
    );
    failed = [...errors.values()].reduce((a, b) => a + b, 0) + streamErrors > 0;
  } finally {
    await svc.kill('SIGTERM');
    await t.producer.disconnect();
    await deleteTestTopics(t);
  }
  process.exit(failed ? 1 : 0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
