import fc from 'fast-check';
import type { HrvReading, SleepReading } from '../ingest/decode/reading.types';
import { hrvFromRr } from '../ingest/hrv.metrics';
import { DAY_MS, dayNumber } from './night';
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

describe('dayNumber', () => {
  /** What it was before it read the digits by hand: the regular expression and Date.parse. */
  const byParse = (s: string) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return Number.NaN;
    const ms = Date.parse(`${s}T00:00:00Z`);
    return Number.isFinite(ms) ? Math.round(ms / DAY_MS) : Number.NaN;
  };

  it('gives the day Date.parse gives, for dates and for near misses', () => {
    const digit = fc.constantFrom(...'0123456789');
    const text = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((d) => d.join(''));
    const near = fc
      .tuple(
        text(4),
        text(2),
        text(2),
        fc.constantFrom('-', '-', '-', '/', ' '),
        fc.constantFrom('', '', 'Z', '0'),
      )
      .map(([y, m, d, sep, tail]) => `${y}${sep}${m}-${d}${tail}`);
    const real = fc
      .integer({ min: -30_000, max: 2_900_000 })
      .map((day) => new Date(day * DAY_MS).toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.oneof(near, real, fc.string({ maxLength: 12 })), (s) => {
        expect(dayNumber(s)).toBe(byParse(s));
      }),
      { numRuns: 3000 },
    );
    expect(dayNumber('2026-02-30')).toBe(byParse('2026-03-02')); // rolls over as Date.parse does
    expect(dayNumber('0099-01-01')).toBe(byParse('0099-01-01')); // not 1999
  });
});
