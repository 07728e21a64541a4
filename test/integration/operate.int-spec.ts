import { consentedPeople, eventually, makeTestEnv, produce, type TestEnv } from '../support/harness';
import { hrvReadings, storedPoints } from '../support/readings';
import { ServiceProcess } from '../support/service-process';

/** Graceful shutdown under load, and two instances in one consumer group. */
describe('operating Respite: SIGTERM and scale-out', () => {
  let t: TestEnv;
  let subjects: string[];
  let pids: string[];
  const services: ServiceProcess[] = [];
  const ingested = async () => {
    let n = 0;
    for (const s of services) n += await s.metric('respite_readings_ingested_total').catch(() => 0);
    return n;
  };

  beforeAll(async () => {
    t = await makeTestEnv('operate', 6);
    ({ subjects, pids } = await consentedPeople(t, 60, 'op'));
  });
  afterAll(async () => {
    for (const s of services) await s.kill('SIGKILL');
    await t.producer.disconnect();
  });

  it('SIGTERM under load: exits within the deadline, and a successor loses nothing', async () => {
    const deadlineMs = 10_000;
    const first = new ServiceProcess({ ...t.env, SHUTDOWN_DEADLINE_MS: String(deadlineMs) });
    services.push(first);
    await first.start();
    await produce(t, t.env.TOPIC_HRV!, hrvReadings(subjects, 500, Date.UTC(2026, 3, 1)));
    await eventually(ingested, (n) => n >= 3_000, 120_000);
    const { ms } = await first.kill('SIGTERM');
    expect(ms).toBeLessThan(deadlineMs);
    expect(first.output.join('')).not.toMatch(/"level":"error".*(unhandled|uncaught)/i);

    const second = new ServiceProcess(t.env);
    services.push(second);
    await second.start();
    const stored = await eventually(
      () => storedPoints(pids, '2026-04-01T00:00:00Z', '2026-05-03T00:00:00Z'),
      (n) => n >= 30_000,
      300_000,
    );
    expect(stored).toBe(30_000);
  }, 600_000);

  it('two instances share the partitions; when one dies the other takes over, nothing lost', async () => {
    const other = new ServiceProcess(t.env);
    services.push(other);
    await other.start();
    await new Promise((r) => setTimeout(r, 10_000)); // the group rebalances onto both members
    const [a, b] = services.slice(-2) as [ServiceProcess, ServiceProcess];
    const before = {
      a: await a.metric('respite_readings_ingested_total'),
      b: await b.metric('respite_readings_ingested_total'),
    };
    await produce(t, t.env.TOPIC_HRV!, hrvReadings(subjects, 500, Date.UTC(2026, 4, 1)));
    // both consume: the group spread the 6 partitions over the two instances
    await eventually(
      async () => [
        (await a.metric('respite_readings_ingested_total')) - before.a,
        (await b.metric('respite_readings_ingested_total')) - before.b,
      ],
      ([da, db]) => da! > 1_000 && db! > 1_000,
      120_000,
    );
    await a.kill('SIGKILL');
    const stored = await eventually(
      () => storedPoints(pids, '2026-04-01T00:00:00Z', '2026-05-03T00:00:00Z'),
      (n) => n >= 60_000,
      300_000,
    );
    expect(stored).toBe(60_000);
  }, 600_000);
});
