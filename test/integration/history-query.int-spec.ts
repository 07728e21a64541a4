import { createInflux } from '../../src/influx/influx.client';
import { HistoryQuery } from '../../src/influx/influx.history-query';
import { type OwnBucket, ownBucket } from '../support/buckets';

const DAY_MS = 86_400_000;
const ME = 't1.readMeAbCdEfGhIjKlMnOp';
// the same first characters (a prefix or pattern match would take its points), and a plain other
const NEAR = 't1.readMeAbCdEfGhIjKlMnOq';
const OTHER = 't1.otherAbCdEfGhIjKlMnOpQ';

/**
 * HistoryQuery.pointsOf, the read behind a person's nights, check-ins, export and the warnings'
 * read-back, against the real InfluxDB: exactly the pid's points of the one measurement, every
 * field and tag of each point (a field a point lacks is absent, not null), two sources at the same
 * instant both, oldest first, from the start asked to the end of InfluxDB's range (the future ingest
 * accepts and beyond), across many shard groups; nothing of a pid that differs in one character.
 */
describe('reading one person’s points (real InfluxDB)', () => {
  let bucket: OwnBucket;
  let history: HistoryQuery;
  const now = Date.now();
  const times = [
    Date.UTC(1700, 0, 1),
    0,
    now - 400 * DAY_MS,
    now - 20 * DAY_MS,
    now,
    now + 2 * DAY_MS,
    Date.UTC(2262, 0, 1),
  ];
  const daily = (pid: string, ms: number, source: string, v: number) =>
    `daily,pid=${pid},source=${source} ln_rmssd=${v},rhr_bpm=${v + 50},utc_offset_min=60i ${ms}`;

  beforeAll(async () => {
    const env = process.env; // the stack's, from the global setup
    bucket = await ownBucket(env, 'history');
    const s = bucket.settings;
    history = new HistoryQuery(createInflux(s), s);
    await bucket.write([
      ...times.flatMap((ms, i) => [ME, NEAR, OTHER].map((pid) => daily(pid, ms, 'oura', i))),
      // a second source at the same instant, and a point with one field only
      daily(ME, now, 'garmin', 9),
      `daily,pid=${ME},source=oura sleep_h=7.5 ${now - DAY_MS}`,
      // another measurement of the same pid at the same times: not part of the answer
      ...times.map((ms) => `checkin,pid=${ME} stress=3i,sleep_quality=4i ${ms}`),
    ]);
  });
  afterAll(async () => {
    await bucket?.drop();
  });

  it('gives every point of the pid in the measurement, with its fields and tags, oldest first', async () => {
    const rows = await history.pointsOf('daily', ME);
    const expected = [
      ...times.map((ms, i) => ({ ms, source: 'oura', v: i })),
      { ms: now, source: 'garmin', v: 9 },
    ].sort((a, b) => a.ms - b.ms || (a.source < b.source ? -1 : 1));
    const got = rows.filter((r) => r.sleep_h === undefined);
    expect(got).toHaveLength(expected.length);
    expect(
      got
        .map((r) => ({ ms: Date.parse(String(r._time)), source: r.source, v: r.ln_rmssd }))
        .sort((a, b) => a.ms - b.ms || (String(a.source) < String(b.source) ? -1 : 1)),
    ).toEqual(expected);
    for (const r of got) {
      expect(r).toEqual({
        _time: expect.any(String),
        pid: ME,
        source: r.source,
        ln_rmssd: r.ln_rmssd,
        rhr_bpm: Number(r.ln_rmssd) + 50,
        utc_offset_min: 60,
      });
    }
    // the one-field point: the fields it lacks are absent
    // times compared as instants: InfluxDB's RFC 3339 drops trailing zeros (.930Z comes back .93Z)
    expect(
      rows.filter((r) => r.sleep_h !== undefined).map((r) => ({ ...r, _time: Date.parse(String(r._time)) })),
    ).toEqual([{ _time: now - DAY_MS, pid: ME, source: 'oura', sleep_h: 7.5 }]);
    const order = rows.map((r) => Date.parse(String(r._time)));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(await history.pointsOf('daily', NEAR)).toHaveLength(times.length);
    expect(await history.pointsOf('checkin', ME)).toHaveLength(times.length);
  });

  it('starts where asked and still reaches the end of InfluxDB’s range', async () => {
    const from = new Date(now - 30 * DAY_MS).toISOString();
    const rows = await history.pointsOf('daily', ME, from);
    expect(rows.map((r) => Date.parse(String(r._time))).filter((ms) => ms !== now)).toEqual([
      now - 20 * DAY_MS,
      now - DAY_MS,
      now + 2 * DAY_MS,
      Date.UTC(2262, 0, 1),
    ]);
    expect(rows.filter((r) => Date.parse(String(r._time)) === now)).toHaveLength(2);
  });

  it('answers nothing for a pid with no points, and a quote in a pid does not widen the query', async () => {
    expect(await history.pointsOf('daily', 't1.nobodyAbCdEfGhIjKlMnOpQ')).toEqual([]);
    expect(await history.pointsOf('daily', `x' OR "pid" =~ /./ OR "pid" = 'y`)).toEqual([]);
    await expect(history.pointsOf('daily', ME, 'last tuesday')).rejects.toThrow('not a time');
  });
});
