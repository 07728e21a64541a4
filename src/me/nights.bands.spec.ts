import type { StoredNight } from '../baseline/judged.night';
import { median } from '../baseline/robust.stats';
import { dateOfDay, dayNumber, type NightInput } from '../night/night';
import { DEFAULT_WARNING_CONFIG } from '../warnings/warning.config';
import { WarningStates } from '../warnings/warning.states';
import { nightsFromJudged, nightsWithBands } from './nights.bands';

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

/** Nights as the warnings store them: each with what it was judged against (#21). */
function judgedByEngine(nights: readonly NightInput[]): StoredNight[] {
  const states = new WarningStates(DEFAULT_WARNING_CONFIG);
  return nights.map((n) => {
    const v = states.evaluate('p', n);
    expect(v.level).toBe('none'); // so the replay's baseline is the warnings' (no night left out)
    return { ...n, judged: states.judged('p') };
  });
}

describe('nightsFromJudged', () => {
  const calm = Array.from({ length: 90 }, (_, i) => night(i));
  const lastDate = dateOfDay(D0 + 89);
  const k = DEFAULT_WARNING_CONFIG.bandK;
  const opts = { days: 60, lastDate, nudgeDates: new Set([dateOfDay(D0 + 70)]) };

  it('shows the stored bands: the same view as the replay when no night was at watch or warning', () => {
    const replayed = nightsWithBands(calm, DEFAULT_WARNING_CONFIG, opts);
    expect(replayed.nights.filter((n) => n.sleepBand && n.hrvBand && n.rhrBand)).toHaveLength(60);
    // only the shown nights are needed, not the 60 before them
    expect(nightsFromJudged(judgedByEngine(calm).slice(30), k, opts)).toEqual(replayed);
  });

  it('reads the values from judged alone: the same view without the nights’ fields', () => {
    const replayed = nightsWithBands(calm, DEFAULT_WARNING_CONFIG, opts);
    // what the two-field read gives back: the date, sleep_h (to see unjudged nights) and judged
    const judgedOnly = judgedByEngine(calm).map(({ wakeDate, sleepH, judged }) => ({
      wakeDate,
      sleepH,
      judged,
    }));
    expect(nightsFromJudged(judgedOnly, k, opts, true)).toEqual(replayed);
    // and they are judged's: a value changed there is the value shown
    const j = judgedOnly[80]!.judged!;
    judgedOnly[80] = { ...judgedOnly[80]!, judged: { ...j, values: [j.values![0], j.values![1], 4.5] } };
    const v = nightsFromJudged(judgedOnly, k, opts, true)!;
    expect(v.nights.find((n) => n.date === dateOfDay(D0 + 80))!.sleepH).toBe(4.5);
  });

  it('sends the caller to the fields for a night judged before its values were kept, and shows it from them', () => {
    const replayed = nightsWithBands(calm, DEFAULT_WARNING_CONFIG, opts);
    const stored = judgedByEngine(calm).map((n) => {
      const { values: _, ...old } = n.judged!;
      return { ...n, judged: old };
    });
    expect(nightsFromJudged(stored, k, opts, true)).toBeNull();
    expect(nightsFromJudged(stored, k, opts)).toEqual(replayed);
  });

  it('takes each band from its night, not from a replay', () => {
    const stored = judgedByEngine(calm);
    const j = stored[80]!.judged!;
    stored[80] = { ...stored[80]!, judged: { ...j, sleep: { center: 5, scale: 0.5 } } };
    const v = nightsFromJudged(stored, k, opts)!;
    expect(v.nights.find((n) => n.date === dateOfDay(D0 + 80))!.sleepBand).toEqual([4.5, 5.5]);
  });

  it('gives way to the replay when a night to show was stored unjudged, or there is none', () => {
    const stored = judgedByEngine(calm);
    const { judged: _, ...plain } = stored[75]!;
    expect(nightsFromJudged(stored.toSpliced(75, 1, plain), k, opts)).toBeNull();
    // an unjudged point beside the judged one of the same night (another source) does not count
    expect(nightsFromJudged([...stored, plain], k, opts)).not.toBeNull();
    // nor does one before the nights shown
    expect(
      nightsFromJudged(stored.toSpliced(10, 1, { ...stored[10]!, judged: undefined }), k, opts),
    ).not.toBeNull();
    expect(nightsFromJudged(stored.slice(0, 20), k, opts)).toBeNull();
  });

  it('shows the HRV in the measure it was judged in, and no values of a night slept by day', () => {
    const sdnn = calm.map((n) => ({ ...n, lnRmssd: undefined, lnSdnn: n.lnRmssd }));
    const stored = judgedByEngine(sdnn);
    const v = nightsFromJudged(stored, k, opts)!;
    expect(v).toEqual(nightsWithBands(sdnn, DEFAULT_WARNING_CONFIG, opts));
    expect(v.hrvMeasure).toBe('sdnn');
    expect(v.nights.at(-1)!.hrvMs).toBeGreaterThan(40);
    const dayShift = stored.toSpliced(89, 1, {
      ...stored[89]!,
      judged: { ...stored[89]!.judged!, offPhase: true },
    });
    const last = nightsFromJudged(dayShift, k, opts)!.nights.at(-1)!;
    expect(Object.keys(last).sort()).toEqual(['date', 'hrvBand', 'nudge', 'rhrBand', 'sleepBand']);
  });
});
