import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { HistoryQuery } from '../../src/influx/influx.history-query';
import { dailyLine, packJudged, unpackJudged } from '../../src/influx/influx.lines';
import { PointWriter } from '../../src/influx/influx.point-writer';
import { nightsWithBands } from '../../src/me/nights.bands';
import { Pseudonymizer } from '../../src/privacy/pseudonymizer';
import { DEFAULT_WARNING_CONFIG } from '../../src/warnings/warning.config';
import { eventually, http, makeTestEnv, produce, startApp, type TestEnv, teardown } from '../support/harness';
import { sleepMessages } from '../support/stress-nights';
import { TestTokens } from '../support/tokens';

interface Night {
  date: string;
  sleepBand?: [number, number];
  hrvBand?: [number, number];
}
interface Nights {
  hrvMeasure: string | null;
  nights: Night[];
}

// #21: the nights view reads each night's band as the warnings stored it with the night, instead
// of replaying the 60 nights before each one; nights stored without it are still replayed.
describe('GET /v1/me/nights: the bands stored with the nights (real Kafka and InfluxDB)', () => {
  let t: TestEnv;
  let app: INestApplication;
  const tokens = new TestTokens();
  const call = http(() => app);
  const consent = { scopes: ['ingest', 'early-warning'], policyVersion: '2026-11', timeZone: 'UTC' };
  const pidOf = (subject: string) => {
    const [keyId, secret] = t.env.PSEUDONYM_KEYS!.split(':') as [string, string];
    return new Pseudonymizer([{ keyId, secret }]).pid(subject);
  };
  const today = () => new Date().toISOString().slice(0, 10);
  const replayed = async (pid: string) =>
    nightsWithBands(await app.get(HistoryQuery).nights(pid, 0), DEFAULT_WARNING_CONFIG, {
      days: 60,
      lastDate: today(),
      nudgeDates: new Set(),
    });

  beforeAll(async () => {
    t = await makeTestEnv('me-nights');
    app = await startApp(t, tokens.env);
  });
  afterAll(() => teardown(t, [app]));

  it('stores with each night the band it was judged against, and shows that band', async () => {
    const me = `nurse-${randomUUID()}`;
    const token = await tokens.subject(me);
    expect((await call('PUT', '/v1/me/consent', token, consent)).status).toBe(200);
    const pid = pidOf(me);
    // every line the service writes (ingest's and the warnings'), written as before
    const writes = jest.spyOn(app.get(PointWriter), 'write');
    const dailyLines = () =>
      writes.mock.calls.flatMap(([lines]) => lines.filter((l) => l.startsWith(`daily,pid=${pid},`)));
    const messages = sleepMessages(me, 35); // calm nights: none at watch
    await produce(t, t.env.TOPIC_SLEEP!, messages);
    const history = app.get(HistoryQuery);
    // the warnings write each night they record again, with what it was judged against
    const points = await eventually(
      () => history.pointsOf('daily', pid),
      (rows) => rows.length === 35 && rows.every((r) => String(r.judged).startsWith('1,')),
      120_000,
    );
    expect(points.filter((r) => unpackJudged(r.judged)?.sleep)).toHaveLength(35 - 16);

    // ... and only that (the night's values are ingest's: the sleep carried them), on ingest's
    // series and time; InfluxDB merged it into ingest's point, which keeps every field ingest wrote
    const ingest = [...new Set(dailyLines().filter((l) => !l.includes('judged=')))];
    const judgedOnly = [...new Set(dailyLines().filter((l) => l.includes('judged=')))];
    expect(ingest).toHaveLength(35);
    expect(judgedOnly).toHaveLength(35);
    for (const l of judgedOnly) expect(l).toMatch(/^daily,pid=[^ ,]+,source=oura judged="[0-9.,e+-]*" \d+$/);
    const byTime = new Map(points.map((r) => [Date.parse(String(r._time)), r]));
    for (const l of ingest) {
      const [series, fieldSet, ms] = l.split(' ') as [string, string, string];
      const row = byTime.get(Number(ms))!;
      const fields = fieldSet.split(',').map((kv) => kv.split('=') as [string, string]);
      expect(Object.keys(row).sort()).toEqual(
        ['_time', 'judged', 'pid', 'source', ...fields.map(([k]) => k)].sort(),
      );
      for (const [k, v] of fields) expect(row[k]).toBe(Number(v));
      expect(`daily,pid=${row.pid},source=${row.source}`).toBe(series);
    }

    // a night delivered again: ingest writes its point again, the warnings do not judge it again, and the
    // point keeps what it was judged against
    const last = points.at(-1)!;
    const from = writes.mock.calls.length;
    const lastLine = ingest.find((l) => l.endsWith(` ${Date.parse(String(last._time))}`))!;
    await produce(t, t.env.TOPIC_SLEEP!, [messages.at(-1)!]);
    const again = await eventually(
      async () => writes.mock.calls.findIndex(([ls], i) => i >= from && ls.includes(lastLine)),
      (i) => i >= 0,
      30_000,
    );
    await writes.mock.results[again]!.value; // acknowledged by InfluxDB
    expect((await history.pointsOf('daily', pid)).at(-1)).toEqual(last);
    writes.mockRestore();

    // the stored bands are the replayed ones (no night was at watch or warning) ...
    const shown = (await call('GET', '/v1/me/nights', token)).json as Nights;
    expect(shown.nights).toHaveLength(35);
    expect(shown.nights.filter((n) => n.sleepBand && n.hrvBand)).toHaveLength(35 - 16);
    expect(shown).toEqual({ ...(await replayed(pid)) });

    // ... and the view takes them from the stored night: change one, and the view follows
    const night = shown.nights[30]!.date;
    const at = Date.parse(`${night}T00:00:00Z`);
    const stored = unpackJudged(points.find((r) => Date.parse(String(r._time)) === at)!.judged)!;
    const changed = packJudged({ ...stored, sleep: { center: 5, scale: 0.5 } });
    await app.get(PointWriter).write([`daily,pid=${pid},source=oura judged="${changed}" ${at}`]);
    const after = (await call('GET', '/v1/me/nights', token)).json as Nights;
    expect(after.nights[30]).toMatchObject({ date: night, sleepBand: [4.5, 5.5] });
    expect(after.nights[29]).toEqual(shown.nights[29]);

    // the night's values come from judged too (the view reads sleep_h and judged, not the fields)
    const next = shown.nights[31]!.date;
    const at31 = Date.parse(`${next}T00:00:00Z`);
    const stored31 = unpackJudged(points.find((r) => Date.parse(String(r._time)) === at31)!.judged)!;
    expect(stored31.values).toHaveLength(3);
    const [hrv, rhr] = stored31.values!;
    const moved = packJudged({ ...stored31, values: [hrv, rhr, 4.25] });
    await app.get(PointWriter).write([`daily,pid=${pid},source=oura judged="${moved}" ${at31}`]);
    const movedView = (await call('GET', '/v1/me/nights', token)).json as Nights & {
      nights: { sleepH?: number }[];
    };
    expect(movedView.nights[31]).toMatchObject({ date: next, sleepH: 4.25 });

    // a night ingest stored that nobody judged is still shown: the whole answer is replayed
    const before = shown.nights[0]!.date;
    const unjudged = new Date(Date.parse(`${before}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    await app
      .get(PointWriter)
      .write([dailyLine(pid, { wakeDate: unjudged, source: 'oura', sleepH: 6.5, rhrBpm: 57, lnRmssd: 3.7 })]);
    const replayedNow = (await call('GET', '/v1/me/nights', token)).json as Nights;
    expect(replayedNow.nights).toHaveLength(36);
    expect(replayedNow.nights[0]!.date).toBe(unjudged);
    expect(replayedNow).toEqual({ ...(await replayed(pid)) });
  });

  it('replays the nights stored without their bands (before #21)', async () => {
    const old = `nurse-${randomUUID()}`;
    const token = await tokens.subject(old);
    expect((await call('PUT', '/v1/me/consent', token, consent)).status).toBe(200);
    const pid = pidOf(old);
    const day = Math.floor(Date.now() / 86_400_000);
    const lines = Array.from({ length: 30 }, (_, k) =>
      dailyLine(pid, {
        wakeDate: new Date((day - 29 + k) * 86_400_000).toISOString().slice(0, 10),
        source: 'oura',
        lnRmssd: 3.8 + 0.1 * Math.sin(k * 2.1),
        rhrBpm: 55 + Math.sin(k),
        sleepH: 7 + 0.4 * Math.sin(k * 0.7),
        efficiency: 0.9,
        midpointMin: 200,
      }),
    );
    await app.get(PointWriter).write(lines);
    const shown = (await call('GET', '/v1/me/nights', token)).json as Nights;
    expect(shown.nights).toHaveLength(30);
    expect(shown.nights.at(-1)!.sleepBand).toBeDefined();
    expect(shown).toEqual({ ...(await replayed(pid)) });
  });
});
