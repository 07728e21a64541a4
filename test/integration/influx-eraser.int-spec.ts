import type { InfluxDB } from '@influxdata/influxdb-client';
import { BucketsAPI, DbrpsAPI, OrgsAPI } from '@influxdata/influxdb-client-apis';
import { createInflux } from '../../src/influx/influx.client';
import { PointEraser } from '../../src/influx/influx.eraser';
import { HistoryQuery } from '../../src/influx/influx.history-query';
import { MEASUREMENTS } from '../../src/influx/influx.lines';
import { type OwnBucket, ownBucket } from '../support/buckets';

const DAY_MS = 86_400_000;
const GONE = 't1.eraseMeAbCdEfGhIjKlMnO';
// the same first characters as GONE (a prefix or pattern delete would take it), and a plain other
const NEAR = 't1.eraseMeAbCdEfGhIjKlMnP';
const OTHER = 't1.keepMeAbCdEfGhIjKlMnOp';

/**
 * PointEraser.erasePid against the real InfluxDB: every point of the pid goes, in every measurement
 * and at every time a point can have, and no point of anyone else. The times span many shard
 * groups (7 days each in a bucket kept for ever): the earliest ingest accepts (2000-01-01) and
 * before it, the epoch's edges, years ago, now, the furthest future ingest accepts
 * (INGEST_MAX_FUTURE_MS ≤ 7 days, a nightly point a day later) and far beyond, up to the years
 * InfluxDB's int64 nanoseconds reach (1677–2262).
 */
describe('erasing a pid (real InfluxDB)', () => {
  let bucket: OwnBucket;
  let elsewhere: OwnBucket | undefined;
  let eraser: PointEraser;
  let history: HistoryQuery;
  let influx: InfluxDB;
  const now = Date.now();
  const times = [
    Date.UTC(1700, 0, 1),
    Date.UTC(1969, 11, 31, 23, 59, 59, 999),
    0,
    Date.UTC(1999, 11, 31),
    Date.UTC(2000, 0, 1),
    now - 3 * 365 * DAY_MS,
    now - 30 * DAY_MS,
    now,
    now + 9 * DAY_MS,
    Date.UTC(2199, 11, 31),
    Date.UTC(2262, 0, 1),
  ];
  const line = (m: string, pid: string, ms: number) => `${m},pid=${pid},source=oura v=1,w=2 ${ms}`;
  const perPerson = MEASUREMENTS.length * times.length * 2; // two fields per point

  beforeAll(async () => {
    const env = process.env; // the stack's, from the global setup
    bucket = await ownBucket(env, 'eraser');
    const s = bucket.settings;
    influx = createInflux(s);
    eraser = new PointEraser(influx, s);
    history = new HistoryQuery(influx, s);
    await bucket.write(
      MEASUREMENTS.flatMap((m) => times.flatMap((ms) => [GONE, NEAR, OTHER].map((pid) => line(m, pid, ms)))),
    );
  });
  afterAll(async () => {
    await bucket?.drop();
    await elsewhere?.drop();
  });

  it('deletes every point of the pid and nothing of anyone else; a repeat finds nothing to do', async () => {
    for (const pid of [GONE, NEAR, OTHER]) expect(await history.countFor(pid)).toBe(perPerson);
    expect(await history.pointCounts(GONE)).toEqual(
      Object.fromEntries(MEASUREMENTS.map((m) => [m, times.length])),
    );

    await eraser.erasePid(GONE);

    expect(await history.countFor(GONE)).toBe(0);
    expect(await history.pointCounts(GONE)).toEqual({});
    expect(await history.countFor(NEAR)).toBe(perPerson);
    expect(await history.countFor(OTHER)).toBe(perPerson);

    await eraser.erasePid(GONE);
    expect(await history.countFor(NEAR)).toBe(perPerson);
  }, 60_000);

  it("fails, rather than report an erasure, when a 1.x database of the bucket's name is another bucket", async () => {
    elsewhere = await ownBucket(process.env, 'eraser-elsewhere');
    const [org] =
      (await new OrgsAPI(influx).getOrgs({ org: process.env.INFLUX_ORG ?? 'respite' })).orgs ?? [];
    const [other] = (await new BucketsAPI(influx).getBuckets({ name: elsewhere.name })).buckets ?? [];
    await new DbrpsAPI(influx).postDBRP({
      body: {
        orgID: org!.id!,
        bucketID: other!.id!,
        database: bucket.name,
        retention_policy: 'autogen',
        default: true,
      },
    });
    await expect(eraser.erasePid(OTHER)).rejects.toThrow(`${perPerson} values of the pid left`);
    expect(await history.countFor(OTHER)).toBe(perPerson);
  }, 60_000);

  it('refuses what is not a pid rather than deleting by it', async () => {
    await expect(eraser.erasePid(`${GONE}' OR pid =~ /.*/ OR pid = '`)).rejects.toThrow('not a pid');
    expect(await history.countFor(OTHER)).toBe(perPerson);
  });
});
