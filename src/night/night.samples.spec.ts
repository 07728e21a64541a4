import { D0, hrvOf, normal, sleepOf } from '../warnings/warnings.fixtures';
import { DAY_MS, nightDayOf } from './night';
import { assembleNight, sampleOf } from './night.assemble';
import { NightAssembler } from './night.samples';

const H = 3_600_000;

describe('nightDayOf', () => {
  it('names evening and early-morning readings by the same wake date, in local time', () => {
    expect(nightDayOf(D0 * DAY_MS - 2 * H, 0)).toBe(D0); // 22:00 the day before
    expect(nightDayOf(D0 * DAY_MS + 3 * H, 0)).toBe(D0);
    expect(nightDayOf(D0 * DAY_MS + 13 * H, 0)).toBe(D0 + 1); // an afternoon nap: the next night
    expect(nightDayOf(D0 * DAY_MS + 3 * H, -300)).toBe(D0); // 22:00 local (UTC−5) the day before
    expect(nightDayOf(D0 * DAY_MS + 13 * H, 600)).toBe(D0 + 1); // 23:00 local (UTC+10)
  });
});

describe('NightAssembler', () => {
  const n = normal(0);

  it('gives a strap’s night the RMSSD of the readings taken during its sleep', () => {
    const a = new NightAssembler();
    expect(a.add('p', sampleOf(hrvOf('s', 0, n), null), -1)).toBe(true);
    const night = assembleNight(sleepOf('s', 0, n, true), a.during('p', sleepOf('s', 0, n, true)))!;
    expect(night.lnRmssd).toBeCloseTo(n.lnRmssd, 9);
    expect(assembleNight(sleepOf('s', 0, n, true), [])!.lnRmssd).toBeUndefined();
  });

  it('refuses readings of nights already evaluated, and counts a redelivered one once', () => {
    const a = new NightAssembler();
    expect(a.add('p', sampleOf(hrvOf('s', 0, n), null), D0)).toBe(false);
    const s = sampleOf(hrvOf('s', 1, n), null);
    a.add('p', s, D0);
    a.add('p', { ...s }, D0);
    expect(a.during('p', sleepOf('s', 1, n, true))).toHaveLength(1);
  });

  it('is complete for a person only once InfluxDB’s readings were merged in, and stays so', () => {
    const a = new NightAssembler();
    a.add('p', sampleOf(hrvOf('s', 1, n), null), -1);
    expect(a.isComplete('p')).toBe(false);
    const before = sampleOf(hrvOf('s', 0, n), null);
    a.fill('p', [before, sampleOf(hrvOf('s', 1, n), null)]);
    expect(a.isComplete('p')).toBe(true);
    expect(a.during('p', sleepOf('s', 0, n, true))).toEqual([before]);
    a.settle('p', D0);
    expect(a.during('p', sleepOf('s', 0, n, true))).toEqual([]);
    expect(a.during('p', sleepOf('s', 1, n, true))).toHaveLength(1);
    a.drop('p');
    expect(a.isComplete('p')).toBe(false);
  });

  it('is complete only within the run it was filled in (another instance may have stored readings since)', () => {
    const a = new NightAssembler();
    a.fill('p', [], 3);
    expect(a.isComplete('p', 3)).toBe(true);
    expect(a.isComplete('p', 4)).toBe(false);
    a.fill('p', [], 4);
    expect(a.isComplete('p', 4)).toBe(true);
  });

  it('keeps the nearest readings when over its bound, and then asks InfluxDB again', () => {
    const a = new NightAssembler(3);
    a.fill('p', []);
    for (let i = 0; i < 5; i++) a.add('p', sampleOf(hrvOf('s', i, n), null), -1);
    expect(a.isComplete('p')).toBe(false);
    expect(a.during('p', sleepOf('s', 0, n, true))).toHaveLength(1);
    expect(a.during('p', sleepOf('s', 4, n, true))).toHaveLength(0);
  });

  it('over its bound, holds the nights before the first sample it dropped; a fill from a night on starts there', () => {
    const a = new NightAssembler(3);
    const samples = Array.from({ length: 5 }, (_, i) => sampleOf(hrvOf('s', i, n), null));
    a.fill('p', samples);
    expect(a.holdsAll('p', samples[2]!.atMs)).toBe(true);
    expect(a.holdsAll('p', samples[3]!.atMs)).toBe(false);
    a.fill('p', samples.slice(3), 0, samples[3]!.atMs);
    expect(a.during('p', sleepOf('s', 4, n, true))).toHaveLength(1);
    expect(a.isComplete('p')).toBe(true);
  });

  it('identifies a sample as InfluxDB does: source and timestamp', () => {
    const r = hrvOf('s', 0, n);
    const a = new NightAssembler();
    a.fill('p', [sampleOf(r, null)]);
    a.add('p', { ...sampleOf(r, null), rmssdMs: 99 }, -1); // the same point again: held once
    a.add('p', { ...sampleOf(r, null), source: 'oura', rmssdMs: 98 }, -1); // another device, same time
    expect(a.during('p', sleepOf('s', 0, n, true)).map((s) => [s.source, s.rmssdMs])).toEqual([
      ['polar', r.rmssdMs],
      ['oura', 98],
    ]);
    expect(
      sampleOf({ ...r, rmssdMs: undefined }, { rmssdMs: 40, sdnnMs: 50, beats: 300, artefacts: 0 }),
    ).toMatchObject({
      rmssdMs: 40,
      sdnnMs: 50,
    });
  });
});
