import type { HrvReading, SleepReading } from '../ingest/decode/reading.types';
import { assembleNight } from '../night/night.assemble';
import { dailyLine, hrvLine, sleepLine } from './influx.lines';

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
    expect(daily).not.toMatch(/hrv_measure|normal|spread/);
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
    const f = fieldsOf(dailyLine('p', night, judged));
    expect(f).toMatchObject({ hrv_measure: '1', hrv_normal_ln: '3.81', hrv_spread_ln: '0.07' });
    expect(f).toMatchObject({ sleep_normal_h: '7.25', sleep_spread_h: '0.4' });
    expect(Object.keys(f)).not.toContain('rhr_normal_bpm');
    expect(Object.keys(f)).not.toContain('off_phase');
    expect(fieldsOf(dailyLine('p', night, { ...judged, offPhase: true })).off_phase).toBe('1');
    // the same point (identity) as ingest's, so the two writes merge field by field
    const identity = (l: string) => `${l.split(' ')[0]} ${l.split(' ')[2]}`;
    expect(identity(dailyLine('p', night, judged))).toBe(identity(dailyLine('p', night)));
  });
});
