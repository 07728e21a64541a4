import { median } from '../baseline/robust.stats';
import { dateOfDay, dayNumber, type NightInput } from '../night/night';
import { DEFAULT_WARNING_CONFIG } from '../warnings/warning.config';
import { nightsWithBands } from './nights.bands';

const D0 = dayNumber('2026-06-01');
const wobble = (i: number) => Math.sin(i * 1.7) * 0.5; // deterministic night-to-night variation

function night(i: number, sleepH = 7.2 + wobble(i)): NightInput {
  return {
    wakeDate: dateOfDay(D0 + i),
    source: 'oura',
    lnRmssd: Math.log(50 + 4 * wobble(i)),
    rhrBpm: 55 + wobble(i),
    sleepH,
    efficiency: 0.9,
    midpointMin: 180,
  };
}

describe('nightsWithBands', () => {
  const all = Array.from({ length: 90 }, (_, i) => (i >= 85 ? night(i, 4.8) : night(i)));
  const lastDate = dateOfDay(D0 + 89);

  it('shows the last N nights, each with its value in the unit people read (ms, bpm, hours)', () => {
    const v = nightsWithBands(all, DEFAULT_WARNING_CONFIG, { days: 60, lastDate, nudgeDates: new Set() });
    expect(v.nights).toHaveLength(60);
    expect(v.nights[0]!.date).toBe(dateOfDay(D0 + 30));
    expect(v.nights.at(-1)!.date).toBe(lastDate);
    expect(v.hrvMeasure).toBe('rmssd');
    const n = v.nights[10]!;
    expect(n.hrvMs).toBeCloseTo(50 + 4 * wobble(40), 0);
    expect(n.rhrBpm).toBeCloseTo(55 + wobble(40), 0);
    expect(n.sleepH).toBeCloseTo(7.2 + wobble(40), 1);
  });

  it("bands each night by the median of the person's own earlier nights (the window the warnings use)", () => {
    const v = nightsWithBands(all, DEFAULT_WARNING_CONFIG, { days: 60, lastDate, nudgeDates: new Set() });
    const i = 70; // index into `all`
    const shown = v.nights.find((n) => n.date === dateOfDay(D0 + i))!;
    // baseline window: the nights day-59 … day-7 (recent week excluded)
    const prior = all.slice(i - 59, i - 6).map((n) => n.sleepH!);
    const [lo, hi] = shown.sleepBand!;
    expect((lo + hi) / 2).toBeCloseTo(median(prior), 1);
    expect(lo).toBeLessThan(7.2);
    expect(hi).toBeGreaterThan(7.2);
    // the short nights at the end fall below the band
    const last = v.nights.at(-1)!;
    expect(last.sleepH!).toBeLessThan(last.sleepBand![0]);
  });

  it('has no band before there are enough earlier nights, and marks nudge nights', () => {
    const few = all.slice(0, 8);
    const v = nightsWithBands(few, DEFAULT_WARNING_CONFIG, {
      days: 60,
      lastDate: dateOfDay(D0 + 7),
      nudgeDates: new Set([dateOfDay(D0 + 3)]),
    });
    expect(v.nights).toHaveLength(8);
    expect(v.nights.every((n) => n.sleepBand === undefined && n.hrvBand === undefined)).toBe(true);
    expect(v.nights.filter((n) => n.nudge).map((n) => n.date)).toEqual([dateOfDay(D0 + 3)]);
  });

  it('ignores nights after the last date and repeated nights', () => {
    const v = nightsWithBands([...all, night(3)], DEFAULT_WARNING_CONFIG, {
      days: 10,
      lastDate: dateOfDay(D0 + 50),
      nudgeDates: new Set(),
    });
    expect(v.nights.map((n) => n.date)).toEqual(Array.from({ length: 10 }, (_, k) => dateOfDay(D0 + 41 + k)));
  });
});
