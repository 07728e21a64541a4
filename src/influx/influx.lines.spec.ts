import type { HrvReading, SleepReading } from '../ingest/decode/reading.types';
import { assembleNight } from '../night/night.assemble';
import { dailyLine, hrvLine, judgedLine, packJudged, sleepLine, unpackJudged } from './influx.lines';

const hrv: HrvReading = {
  kind: 'hrv',
  readingId: 'r-1',
  subjectId: 'subject-1',
  deviceId: 'device-1',
  source: 'polar',
  measuredAt: '2026-11-20T03:10:00+01:00',
  measuredAtMs: Date.parse('2026-11-20T03:10:00+01:00'),
  utcOffsetMinutes: 60,
  windowSeconds: 120,
  context: 'sleep',
  rmssdMs: 41.5,
  restingHrBpm: 52,
};

const sleep: SleepReading = {
  kind: 'sleep',
  readingId: 's-1',
  subjectId: 'subject-1',
  source: 'oura',
  startAt: '2026-11-19T23:00:00+01:00',
  startAtMs: Date.parse('2026-11-19T23:00:00+01:00'),
  endAt: '2026-11-20T07:00:00+01:00',
  endAtMs: Date.parse('2026-11-20T07:00:00+01:00'),
  utcOffsetMinutes: 60,
  isMainSleep: true,
  stagesMin: { awake: 30, light: 250, deep: 80, rem: 100 },
  efficiency: 0.92,
  restingHrBpm: 51,
  avgRmssdMs: 44,
};

function fieldsOf(line: string): Record<string, string> {
  const [, fieldSet] = line.split(' ');
  return Object.fromEntries((fieldSet ?? '').split(',').map((kv) => kv.split('=') as [string, string]));
}

describe('line protocol of readings', () => {
  it('writes an HRV reading as measured: tags pid, source and context, and no derived fields', () => {
    const line = hrvLine('b1.abc', hrv, null);
    expect(line.startsWith('hrv,pid=b1.abc,source=polar,context=sleep ')).toBe(true);
    expect(Object.keys(fieldsOf(line)).sort()).toEqual(
      ['resting_hr_bpm', 'rmssd_ms', 'utc_offset_min', 'window_s'].sort(),
    );
    expect(line.endsWith(` ${hrv.measuredAtMs}`)).toBe(true);
    expect(line).not.toContain('subject-1');
    expect(line).not.toContain('device-1');
  });

  it('takes RMSSD and SDNN from the RR intervals when they came, with the artefact count', () => {
    const line = hrvLine('b1.abc', hrv, { rmssdMs: 40, sdnnMs: 55, beats: 118, artefacts: 2 });
    expect(fieldsOf(line)).toMatchObject({ rmssd_ms: '40', sdnn_ms: '55', artefacts: '2' });
    expect(line).not.toMatch(/ln_|beats=/);
  });

  it('gives a re-delivered reading the same point identity (measurement, tags, time)', () => {
    const identity = (l: string) => `${l.split(' ')[0]} ${l.split(' ')[2]}`;
    expect(identity(hrvLine('p', hrv, null))).toBe(identity(hrvLine('p', { ...hrv, rmssdMs: 50 }, null)));
  });

  it('writes sleep as measured and the night summary, with logarithms, on the local wake-up date', () => {
    expect(Object.keys(fieldsOf(sleepLine('p', sleep)))).not.toContain('midpoint_min');
    const daily = dailyLine('p', assembleNight(sleep, [])!);
    expect(daily.startsWith('daily,pid=p,source=oura ')).toBe(true);
    expect(Number(fieldsOf(daily).ln_rmssd)).toBeCloseTo(Math.log(44), 12);
    expect(Number(fieldsOf(daily).sleep_h)).toBeCloseTo(430 / 60, 12);
    expect(daily.endsWith(` ${Date.UTC(2026, 10, 20)}`)).toBe(true);
    expect(daily).not.toMatch(/judged/);
  });

  it('writes what a night was judged against with it, where there is a normal (#21)', () => {
    const night = assembleNight(sleep, [])!;
    const judged = {
      hrvMeasure: 1 as const,
      offPhase: false,
      hrv: { center: 3.81, scale: 0.07 },
      rhr: null,
      sleep: { center: 7.25, scale: 0.4 },
    };
    // one string field more than ingest's point, not eight: one more key per person and shard
    const plain = dailyLine('p', night);
    expect(dailyLine('p', night, judged)).toBe(
      plain.replace(/ (\d+)$/, ',judged="1,0,3.81,0.07,,,7.25,0.4" $1'),
    );
    expect(dailyLine('p', night, { ...judged, offPhase: true })).toContain(',judged="1,1,');
    expect(unpackJudged('1,0,3.81,0.07,,,7.25,0.4')).toEqual(judged);
    // the same point (identity) as ingest's, so the two writes merge field by field
    const identity = (l: string) => `${l.split(' ')[0]} ${l.split(' ')[2]}`;
    expect(identity(dailyLine('p', night, judged))).toBe(identity(dailyLine('p', night)));
  });

  it('writes what a night was judged against alone on ingest’s point of the night (#21)', () => {
    const night = assembleNight(sleep, [])!;
    const judged = { hrvMeasure: 1 as const, offPhase: false, hrv: null, rhr: null, sleep: null };
    const ingest = dailyLine('p', night); // what ingest wrote for the night
    const line = judgedLine('p', night, judged);
    // exactly ingest's series (measurement and tags: one more or less is a new series) and time
    expect(line).toBe(`${ingest.split(' ')[0]} judged="1,0,,,,,," ${ingest.split(' ')[2]}`);
    expect(line).toBe(`daily,pid=p,source=oura judged="1,0,,,,,," ${Date.UTC(2026, 10, 20)}`);
    // the night's values do not change the line: it carries none of them
    expect(judgedLine('p', { wakeDate: night.wakeDate, source: night.source }, judged)).toBe(line);
  });

  it('reads back exactly what it packed, and nothing else as judged', () => {
    const cases = [
      {
        hrvMeasure: 2 as const,
        offPhase: false,
        hrv: { center: Math.log(43.7), scale: 0.081234 },
        rhr: { center: 55.2, scale: 1.3 },
        sleep: null,
      },
      { hrvMeasure: 0 as const, offPhase: true, hrv: null, rhr: null, sleep: null },
      {
        hrvMeasure: 1 as const,
        offPhase: false,
        hrv: { center: 3.9, scale: 1e-7 },
        rhr: { center: 0, scale: 0 },
        sleep: { center: 7, scale: 0.5 },
      },
      // with the night's own values as compared (none: NaN, packed empty)
      {
        hrvMeasure: 1 as const,
        offPhase: false,
        hrv: { center: 3.9, scale: 0.1 },
        rhr: null,
        sleep: { center: 7, scale: 0.5 },
        values: [3.8125, Number.NaN, 6.75] as const,
      },
    ];
    for (const j of cases) expect(unpackJudged(packJudged(j))).toEqual(j);
    expect(packJudged(cases[3]!)).toBe('1,0,3.9,0.1,,,7,0.5,3.8125,,6.75');
    for (const bad of [
      undefined,
      3,
      '',
      '1,0',
      '3,0,,,,,,',
      '1,2,,,,,,',
      '1,0,3.8,,,,,',
      '1,0,x,0.1,,,,',
      '1,0,,,,,,,',
      '1,0,,,,,,,3.8',
      '1,0,,,,,,,3.8,55',
      '1,0,,,,,,,x,55,7',
      '1,0,,,,,,,3.8,55,7,1',
    ])
      expect(unpackJudged(bad)).toBeUndefined();
  });
});
