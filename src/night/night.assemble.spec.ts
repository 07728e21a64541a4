import type { HrvReading, SleepReading } from '../ingest/decode/reading.types';
import { hrvFromRr } from '../ingest/hrv.metrics';
import { assembleNight, sampleOf } from './night.assemble';

const sleep = (over: Partial<SleepReading> = {}): SleepReading => ({
  kind: 'sleep',
  readingId: 'r1',
  subjectId: 's1',
  source: 'oura',
  startAt: '2026-11-19T23:00:00+01:00',
  startAtMs: Date.parse('2026-11-19T22:00:00Z'),
  endAt: '2026-11-20T07:00:00+01:00',
  endAtMs: Date.parse('2026-11-20T06:00:00Z'),
  utcOffsetMinutes: 60,
  isMainSleep: true,
  stagesMin: { awake: 30, light: 250, deep: 90, rem: 110 },
  restingHrBpm: 52,
  ...over,
});
const reading = (over: Partial<HrvReading>): HrvReading => ({
  kind: 'hrv',
  readingId: 'h1',
  subjectId: 's1',
  source: 'polar',
  measuredAt: '2026-11-20T03:00:00+01:00',
  measuredAtMs: Date.parse('2026-11-20T02:00:00Z'),
  utcOffsetMinutes: 60,
  context: 'sleep',
  ...over,
});
/** A sample as ingest hands it over: RR intervals already reduced to RMSSD/SDNN. */
const hrv = (over: Partial<HrvReading>) => {
  const r = reading(over);
  return sampleOf(r, r.rrIntervalsMs ? hrvFromRr(r.rrIntervalsMs) : null);
};

describe('assembleNight', () => {
  it('names the night by its local wake date and takes the whole-night average HRV', () => {
    const n = assembleNight(sleep({ avgRmssdMs: 40 }), [hrv({ rmssdMs: 99 })])!;
    expect(n).toMatchObject({ wakeDate: '2026-11-20', source: 'oura', rhrBpm: 52, sleepH: 7.5 });
    expect(n.lnRmssd).toBeCloseTo(Math.log(40), 9);
    expect(n.midpointMin).toBe(180);
  });

  it('computes RMSSD from RR intervals of a strap, only from readings during that sleep', () => {
    const rr = Array.from({ length: 200 }, (_, i) => (i % 2 ? 1000 : 1040));
    const later = hrv({ rmssdMs: 10, measuredAtMs: Date.parse('2026-11-20T09:00:00Z') });
    const n = assembleNight(sleep({ source: 'polar' }), [hrv({ rrIntervalsMs: rr }), later])!;
    expect(n.lnRmssd).toBeCloseTo(Math.log(40), 6);
  });

  it('keeps SDNN apart and skips naps', () => {
    const n = assembleNight(sleep({ source: 'apple' }), [hrv({ sdnnMs: 60 })])!;
    expect(n.lnRmssd).toBeUndefined();
    expect(n.lnSdnn).toBeCloseTo(Math.log(60), 9);
    expect(assembleNight(sleep({ isMainSleep: false }), [])).toBeNull();
  });
});
