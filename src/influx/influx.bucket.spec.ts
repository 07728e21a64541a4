import { shardGroupRules } from './influx.bucket';

const DAY = 86_400;

describe('shardGroupRules', () => {
  it('asks for the shard groups wanted and keeps the bucket kept for ever', () => {
    // a bucket as InfluxDB creates it: kept for ever, groups of 7 days
    const created = [{ type: 'expire' as const, everySeconds: 0, shardGroupDurationSeconds: 7 * DAY }];
    expect(shardGroupRules(created, 28)).toEqual([
      { type: 'expire', everySeconds: 0, shardGroupDurationSeconds: 28 * DAY },
    ]);
    expect(shardGroupRules([], 28)).toEqual([
      { type: 'expire', everySeconds: 0, shardGroupDurationSeconds: 28 * DAY },
    ]);
  });

  it('keeps an expiry the operator set when a group fits in it', () => {
    const year = [{ type: 'expire' as const, everySeconds: 400 * DAY, shardGroupDurationSeconds: 7 * DAY }];
    expect(shardGroupRules(year, 28)).toEqual([
      { type: 'expire', everySeconds: 400 * DAY, shardGroupDurationSeconds: 28 * DAY },
    ]);
  });

  it('changes nothing when already so, when told 0, or when the bucket expires sooner than a group', () => {
    expect(
      shardGroupRules([{ type: 'expire', everySeconds: 0, shardGroupDurationSeconds: 28 * DAY }], 28),
    ).toBeNull();
    expect(
      shardGroupRules([{ type: 'expire', everySeconds: 0, shardGroupDurationSeconds: 7 * DAY }], 0),
    ).toBeNull();
    expect(
      shardGroupRules([{ type: 'expire', everySeconds: 14 * DAY, shardGroupDurationSeconds: DAY }], 28),
    ).toBeNull();
  });
});
