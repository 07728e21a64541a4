import { consentedPeople, eventually, makeTestEnv, produce, type TestEnv } from '../support/harness';
import { hrvReadings, storedPoints } from '../support/readings';
import { ServiceProcess } from '../support/service-process';
import { startInflux, stopInflux } from '../support/stack-control';

const PEOPLE = 100;

describe('ingest durability against real servers', () => {
  let t: TestEnv;
  let subjects: string[];
  let pids: string[];
  const services: ServiceProcess[] = [];

  beforeAll(async () => {
    t = await makeTestEnv('durable', 6);
    ({ subjects, pids } = await consentedPeople(t, PEOPLE, 'clin'));
  });

  afterAll(async () => {
    for (const s of services) await s.kill('SIGKILL');
    await t.producer.disconnect();
  });

  it('kill -9 in the middle of 100k readings, then a restart: every reading stored exactly once', async () => {
    const first = new ServiceProcess(t.env);
    services.push(first);
    await first.start();
    const base = Date.UTC(2026, 5, 1);
    // half the stream before the kill, half after: the kill lands mid-stream however fast ingest is
    await produce(t, t.env.TOPIC_HRV!, hrvReadings(subjects, 500, base));
    await eventually(
      () => first.metric('respite_readings_ingested_total'),
      (n) => n >= 15_000,
      120_000,
    );
    const { code } = await first.kill('SIGKILL');
    expect(code).toBeNull(); // killed by the signal, not exited
    // killed mid-stream: some points stored (-1 would mean the count query itself failed); the other
    // half of the stream is produced only now, so the second instance has work left either way
    const atKill = await storedPoints(pids, '2026-06-01T00:00:00Z', '2026-07-03T00:00:00Z');
    expect(atKill).toBeGreaterThan(0);
    await produce(t, t.env.TOPIC_HRV!, hrvReadings(subjects, 500, base + 500 * 60_000));

    const second = new ServiceProcess(t.env);
    services.push(second);
    await second.start();
    const stored = await eventually(
      () => storedPoints(pids, '2026-06-01T00:00:00Z', '2026-07-03T00:00:00Z'),
      (n) => n >= 100_000,
      300_000,
    );
    expect(stored).toBe(100_000);
  }, 600_000);

  it('InfluxDB stopped for 30 s mid-stream: nothing lost once it is back', async () => {
    const svc = services.at(-1)!;
    const before = await svc.metric('respite_readings_ingested_total');
    const base = Date.UTC(2026, 6, 1);
    // the stream goes on while InfluxDB is down: its first half before the stop, the rest after
    await produce(t, t.env.TOPIC_HRV!, hrvReadings(subjects, 100, base));
    await eventually(
      () => svc.metric('respite_readings_ingested_total'),
      (n) => n >= before + 2_000,
      120_000,
    );
    stopInflux();
    try {
      await produce(t, t.env.TOPIC_HRV!, hrvReadings(subjects, 100, base + 100 * 60_000));
      await new Promise((r) => setTimeout(r, 30_000));
      expect(await svc.metric('respite_influx_write_failures_total')).toBeGreaterThan(0);
    } finally {
      startInflux(); // also when the test fails: the next suites need the server
    }
    const stored = await eventually(
      () => storedPoints(pids, '2026-06-01T00:00:00Z', '2026-07-03T00:00:00Z'),
      (n) => n >= 120_000,
      300_000,
    );
    expect(stored).toBe(120_000);
  }, 600_000);
});
