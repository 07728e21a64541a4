import { InfluxDB } from '@influxdata/influxdb-client';
import type { InfluxSettings } from '../../src/influx/influx.client';
import { CohortQuery, type SourceNight } from '../../src/influx/influx.cohort-query';
import { dailyLine } from '../../src/influx/influx.lines';
import { PointWriter } from '../../src/influx/influx.point-writer';
import type { NightInput } from '../../src/night/night';
import { addDays, dateMs } from '../../src/trends/trends.periods';
import { type OwnBucket, ownBucket } from '../support/buckets';
import { type InfluxProxy, influxProxy } from '../support/influx-proxy';

// The trends' read of a period's nights (CohortQuery.dailyByPid: one InfluxQL query on /query,
// chunked JSON) against the points written, on real InfluxDB: several pids (two differ only in
// their last character), two sources on the same nights with different values, every mix of
// fields, nights over four shard groups (7 days each), points just outside the range and in
// another measurement, chunks that end inside a series, and a caller that makes the stream wait.

const FROM = '2026-10-01';
const TO = '2026-10-22'; // exclusive: 21 nights, four weekly shard groups
const base = 'k1.abcdefghijklmnopqrstu';
const PIDS = [`${base}a`, `${base}b`, 'k1.zyxwvutsrqponmlkjihgfe', 'k0.0123456789ABCDEFGHIJ-_'];
const SOURCES = ['oura', 'polar'] as const;

/** Person p's night d (days after FROM) from one source: a distinct value per field, some left out. */
function night(p: number, d: number, s: number): NightInput | undefined {
  if ((p + d + s) % 5 === 0) return undefined; // a gap
  const v = p * 1000 + d * 10 + s; // unique per pid, night and source
  const n: NightInput = { wakeDate: addDays(FROM, d), source: SOURCES[s]!, utcOffsetMinutes: 60 };
  if (d % 3 !== 1) n.lnRmssd = 3 + v / 1e5;
  if (d % 4 === 2) n.lnSdnn = 4 + v / 1e5;
  if (d % 2 === 0) n.sleepH = 6 + v / 1e5;
  if (d % 3 !== 2) n.rhrBpm = 50 + v / 1e4;
  if (n.lnRmssd === undefined && n.lnSdnn === undefined && n.sleepH === undefined) n.rhrBpm ??= 60;
  return n;
}

/** What the read must give: per pid, every night in [FROM, TO) of every source, fields as written. */
function expected(): Map<string, SourceNight[]> {
  const out = new Map<string, SourceNight[]>();
  PIDS.forEach((pid, p) => {
    for (let d = 0; d < 21; d++)
      for (const s of [0, 1]) {
        const n = night(p, d, s);
        if (!n) continue;
        const { source: _, utcOffsetMinutes: _o, wakeDate, ...fields } = n;
        out.set(pid, [...(out.get(pid) ?? []), { night: wakeDate, ...fields }]);
      }
  });
  return out;
}

const sorted = (m: Map<string, SourceNight[]>) =>
  [...m]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([pid, nights]) => [pid, nights.map((n) => JSON.stringify(n)).sort()]);

describe('the trends period read (InfluxQL), real InfluxDB', () => {
  let bucket: OwnBucket;
  let settings: InfluxSettings;

  beforeAll(async () => {
    const env = process.env;
    bucket = await ownBucket(env, 'trends-period');
    settings = bucket.settings;
    const lines: string[] = [];
    PIDS.forEach((pid, p) => {
      for (let d = -2; d <= 22; d++)
        for (const s of [0, 1]) {
          const n = night(p, d, s);
          if (n) lines.push(dailyLine(pid, n));
        }
      // another measurement of the same pid, with a field named like one of `daily`'s, must not count
      lines.push(`sleep,pid=${pid},source=oura sleep_h=1.5 ${dateMs(addDays(FROM, 3)) + 3_600_000}`);
    });
    const influx = new InfluxDB({ url: settings.INFLUX_URL, token: settings.INFLUX_TOKEN, timeout: 30_000 });
    await new PointWriter(influx, settings).write(lines);
  });
  afterAll(() => bucket?.drop());

  async function read(q: CohortQuery, pace = false): Promise<Map<string, SourceNight[]>> {
    const got = new Map<string, SourceNight[]>();
    await q.dailyByPid({ from: FROM, to: TO }, (pid, nights) => {
      got.set(pid, [...(got.get(pid) ?? []), ...nights]);
      return pace ? new Promise((r) => setTimeout(r, 20)) : undefined;
    });
    return got;
  }

  it.each([
    ['in one chunk per series', undefined, false],
    ['in chunks of 3 rows, the caller making the stream wait', 3, true],
  ])('gives every pid exactly its own nights of the range: %s', async (_, chunkRows, pace) => {
    const influx = new InfluxDB({ url: settings.INFLUX_URL, token: settings.INFLUX_TOKEN, timeout: 30_000 });
    const q = new CohortQuery(influx, settings);
    q.chunkRows = chunkRows;
    const got = await read(q, pace);
    expect(sorted(got)).toEqual(sorted(expected()));
    expect([...got.values()].flat().length).toBeGreaterThan(100); // the comparison has substance
  });

  it('fails on a bucket the virtual database does not name, instead of reading nothing', async () => {
    const influx = new InfluxDB({ url: settings.INFLUX_URL, token: settings.INFLUX_TOKEN, timeout: 30_000 });
    const q = new CohortQuery(influx, { ...settings, INFLUX_BUCKET: `${bucket.name}-none` });
    await expect(read(q)).rejects.toThrow(/database not found/);
  });

  describe('INFLUX_QUERY_TIMEOUT_MS, through a link that holds InfluxDB answers back 1.5 s', () => {
    let proxy: InfluxProxy;
    beforeAll(async () => {
      // a busy server: each request waits 1.5 s before InfluxDB sees it, so no byte comes back sooner
      proxy = await influxProxy(
        new URL(process.env.INFLUX_URL!),
        () => new Promise((r) => setTimeout(r, 1_500)),
      );
    });
    afterAll(() => proxy.close());

    // the service's client (createInflux) has the writes' timeout: reads must not inherit it
    const reader = (queryMs: number) =>
      new CohortQuery(new InfluxDB({ url: proxy.url, token: settings.INFLUX_TOKEN, timeout: 500 }), {
        ...settings,
        INFLUX_URL: proxy.url,
        INFLUX_WRITE_TIMEOUT_MS: 500,
        INFLUX_QUERY_TIMEOUT_MS: queryMs,
      });

    it('a read waits for its first bytes as long as the query timeout, not the write timeout', async () => {
      expect(sorted(await read(reader(10_000)))).toEqual(sorted(expected()));
    });

    it('and no longer', async () => {
      await expect(read(reader(1_000))).rejects.toThrow(/timed out/i);
    });
  });
});
