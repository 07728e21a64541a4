import type { INestApplication } from '@nestjs/common';
import { ensureShardGroups } from '../../src/influx/influx.bucket';
import { type OwnBucket, ownBucket } from '../support/buckets';
import { eventually, makeTestEnv, startApp, type TestEnv, teardown } from '../support/harness';

const DAY = 86_400;

/** The bucket's one retention rule, as InfluxDB reports it. */
async function rulesOf(b: OwnBucket): Promise<{ everySeconds: number; shardGroupDurationSeconds: number }> {
  const r = await fetch(new URL(`/api/v2/buckets/${b.id}`, b.settings.INFLUX_URL), {
    headers: { Authorization: `Token ${b.settings.INFLUX_TOKEN}` },
  });
  expect(r.status).toBe(200);
  return (
    (await r.json()) as { retentionRules: { everySeconds: number; shardGroupDurationSeconds: number }[] }
  ).retentionRules[0]!;
}

// #21: a person's read costs InfluxDB per shard, so the service asks for 28-day shard groups.
describe('the bucket’s shard groups (real InfluxDB)', () => {
  let t: TestEnv | undefined;
  let app: INestApplication | undefined;
  const buckets: OwnBucket[] = [];
  const bucket = async (label: string) => {
    const b = await ownBucket(process.env, label);
    buckets.push(b);
    return b;
  };
  afterAll(async () => {
    if (t) await teardown(t, app ? [app] : []);
    for (const b of buckets) await b.drop();
  });

  it('sets 28-day groups on a bucket InfluxDB made with 7, keeps it kept for ever, and only once', async () => {
    const b = await bucket('shard-groups');
    expect(await rulesOf(b)).toMatchObject({ everySeconds: 0, shardGroupDurationSeconds: 7 * DAY });
    expect(await ensureShardGroups(b.settings, 28)).toBe('set');
    expect(await rulesOf(b)).toMatchObject({ everySeconds: 0, shardGroupDurationSeconds: 28 * DAY });
    expect(await ensureShardGroups(b.settings, 28)).toBe('unchanged');
    expect(await ensureShardGroups(b.settings, 0)).toBe('left as it is');
  });

  it('leaves the bucket as it is, without throwing, when its token may not', async () => {
    const b = await bucket('shard-groups-denied');
    expect(await ensureShardGroups({ ...b.settings, INFLUX_TOKEN: 'not-a-token' }, 28)).toBe('failed');
    expect(await rulesOf(b)).toMatchObject({ shardGroupDurationSeconds: 7 * DAY });
  });

  it('is what the service does at start', async () => {
    const b = await bucket('shard-groups-service');
    t = await makeTestEnv('bucket');
    app = await startApp(t, { INFLUX_BUCKET: b.name });
    const rules = await eventually(
      () => rulesOf(b),
      (r) => r.shardGroupDurationSeconds === 28 * DAY,
      20_000,
    );
    expect(rules.everySeconds).toBe(0);
  });
});
