import { randomUUID } from 'node:crypto';
import { InfluxDB } from '@influxdata/influxdb-client';
import { HistoryQuery } from '../../src/influx/influx.history-query';
import { Pseudonymizer } from '../../src/privacy/pseudonymizer';
import { consentRecord, eventually, makeTestEnv, produce, type TestEnv } from '../support/harness';
import { ServiceProcess } from '../support/service-process';
import { TestTokens } from '../support/tokens';

/** Invariant 2: no raw identity at rest — InfluxDB tags, service logs and /metrics carry only pids. */
describe('privacy scan: no subjectId or deviceId in InfluxDB, logs or metrics', () => {
  let t: TestEnv;
  let svc: ServiceProcess;

  beforeAll(async () => {
    t = await makeTestEnv('scan');
  });
  afterAll(async () => {
    await svc?.kill('SIGTERM');
    await t.producer.disconnect();
  });

  it('finds none after valid, invalid and unconsented readings', async () => {
    const marker = randomUUID().slice(0, 8);
    const subjects = Array.from({ length: 5 }, (_, i) => `scan-${marker}-nurse${i}`);
    const device = `ring-${marker}-serial`;
    const outsider = `scan-${marker}-no-consent`;
    await produce(
      t,
      t.env.TOPIC_CONSENT!,
      subjects.map((s) => consentRecord(s)),
    );
    const tokens = new TestTokens();
    svc = new ServiceProcess({ ...t.env, ...tokens.env, LOG_LEVEL: 'verbose' });
    await svc.start();

    const reading = (subjectId: string, i: number, extra: Record<string, unknown> = {}) => ({
      key: subjectId,
      value: JSON.stringify({
        schema: 'hrv.v1',
        readingId: randomUUID(),
        subjectId,
        deviceId: device,
        source: 'whoop',
        measuredAt: new Date(Date.UTC(2026, 9, 1, 2, i)).toISOString(),
        context: 'sleep',
        rmssdMs: 30 + i,
        ...extra,
      }),
    });
    await produce(t, t.env.TOPIC_HRV!, [
      ...subjects.flatMap((s) => [0, 1, 2].map((i) => reading(s, i))),
      reading(outsider, 0),
      reading(subjects[0]!, 9, { rmssdMs: 9999 }), // dead-lettered: its error is logged
      { key: subjects[1]!, value: `{"subjectId":"${subjects[1]}", truncated` },
    ]);
    const pids = subjects.map((s) =>
      new Pseudonymizer([{ keyId: 't1', secret: t.env.PSEUDONYM_KEYS!.split(':')[1]! }]).pid(s),
    );
    const influx = new InfluxDB({ url: process.env.INFLUX_URL!, token: process.env.INFLUX_TOKEN! });
    const history = new HistoryQuery(influx, {
      INFLUX_URL: process.env.INFLUX_URL!,
      INFLUX_TOKEN: process.env.INFLUX_TOKEN!,
      INFLUX_ORG: process.env.INFLUX_ORG ?? 'respite',
      INFLUX_BUCKET: process.env.INFLUX_BUCKET ?? 'wearables',
      INFLUX_WRITE_TIMEOUT_MS: 10_000,
    });
    await eventually(
      () => svc.metric('respite_readings_rejected_total'),
      (n) => n >= 2,
    );
    await eventually(
      () => history.countFor(pids[4]!),
      (n) => n > 0,
    );

    // requests are logged: with a person's token, and their ids in the path and the query
    const token = await tokens.subject(subjects[0]!);
    const asked = [
      `/v1/me/consent?subjectId=${subjects[0]}&deviceId=${device}`,
      `/v1/me/nudges/${subjects[1]}/feedback?subjectId=${subjects[1]}`,
    ];
    for (const path of asked) {
      const r = await fetch(`http://127.0.0.1:${svc.port}${path}`, {
        method: path.includes('feedback') ? 'POST' : 'GET',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: path.includes('feedback') ? '{}' : undefined,
      });
      expect(r.status).toBeLessThan(500);
    }
    const logLines = await eventually(
      async () => jsonLines(svc.stdout.join('')),
      (lines) => lines.filter((l) => l.context === 'http').length >= asked.length,
      10_000,
    );
    // every line of stdout is one JSON object with level, time, context and msg
    for (const line of logLines)
      expect({ line, shape: logShape(line) }).toEqual({ line, shape: 'level time context msg' });
    expect(logLines.filter((l) => l.context === 'http').map((l) => l.route)).toEqual(
      expect.arrayContaining(['/v1/me/consent', '/v1/me/nudges/:id/feedback']),
    );

    const tags = await history.allTagValues();
    expect(tags.some((v) => pids.some((p) => v === `pid=${p}`))).toBe(true); // the scan sees our data
    const metrics = await (await fetch(`http://127.0.0.1:${svc.port}/metrics`)).text();
    const logs = svc.output.join('');
    expect(logs.length).toBeGreaterThan(0);
    for (const [where, text] of [
      ['influx tags', tags.join('\n')],
      ['metrics', metrics],
      ['logs', logs],
    ] as const) {
      expect({ where, leaks: text.includes(marker) }).toEqual({ where, leaks: false });
    }
    expect(logs.includes(token)).toBe(false);
  });
});

/**
 * stdout's complete lines, each parsed as JSON (a line that is not JSON fails the test here). The
 * text after the last newline may be a line still arriving, split across pipe chunks.
 */
function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .slice(0, stdout.lastIndexOf('\n') + 1)
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        throw new Error(`a log line that is not JSON: ${l.slice(0, 200)}`);
      }
    });
}

/** Which of the fields every log line must have it has, as a string to compare. */
function logShape(line: Record<string, unknown>): string {
  const levels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
  return [
    levels.includes(String(line.level)) && 'level',
    typeof line.time === 'string' && !Number.isNaN(Date.parse(line.time)) && 'time',
    typeof line.context === 'string' && line.context.length > 0 && 'context',
    typeof line.msg === 'string' && 'msg',
  ]
    .filter(Boolean)
    .join(' ');
}
