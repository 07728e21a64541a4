import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { http, makeTestEnv, startApp, type TestEnv, teardown } from '../support/harness';
import { TestTokens } from '../support/tokens';

/** The value of one unlabelled gauge in the service's Prometheus text. */
function gauge(text: string, name: string): number {
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  if (!m) throw new Error(`no ${name} in /metrics`);
  return Number(m[1]);
}

describe('the personal reads wait their turn for InfluxDB (INFLUX_PERSONAL_READS; real Kafka and InfluxDB)', () => {
  let t: TestEnv;
  let app: INestApplication | undefined;
  const tokens = new TestTokens();
  const call = http(() => app!);

  beforeAll(async () => {
    t = await makeTestEnv('me-reads-gate');
  });
  afterAll(() => teardown(t, [app]));

  /** 150 people read their check-ins at the same moment; the most reads InfluxDB had at once. */
  async function mostAtOnce(limit: string): Promise<number> {
    app = await startApp(t, { ...tokens.env, INFLUX_PERSONAL_READS: limit });
    try {
      const people = await Promise.all(
        Array.from({ length: 150 }, () => tokens.subject(`nurse-${randomUUID()}`)),
      );
      const answers = await Promise.all(people.map((p) => call('GET', '/v1/me/check-ins?days=30', p)));
      expect(answers.map((a) => a.status)).toEqual(people.map(() => 200));
      const port = (app.getHttpServer().address() as { port: number }).port;
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(gauge(metrics, 'respite_personal_reads_in_flight')).toBe(0);
      expect(gauge(metrics, 'respite_personal_reads_queued')).toBe(0);
      return gauge(metrics, 'respite_personal_reads_in_flight_max');
    } finally {
      await app.close();
      app = undefined;
    }
  }

  it('sends InfluxDB no more than the limit at once, where an open door lets more through', async () => {
    // the same 150 requests without a useful limit reach InfluxDB several at a time: the gate has work
    expect(await mostAtOnce('256')).toBeGreaterThan(2);
    expect(await mostAtOnce('2')).toBe(2);
  });
});
