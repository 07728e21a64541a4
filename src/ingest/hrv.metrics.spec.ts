import fc from 'fast-check';
import { filterArtefacts, hrvFromRr } from './hrv.metrics';

const repeat = (value: number, times: number): number[] => Array.from({ length: times }, () => value);
const alternating = (times: number): number[] => Array.from({ length: times }, (_, i) => (i % 2 ? 820 : 800));

describe('hrvFromRr on clean series', () => {
  it('takes RMSSD over the n - 1 differences and SDNN with ddof = 1', () => {
    // Differences are all ±20; deviations from the mean 810 all ±10.
    expect(hrvFromRr(alternating(10))).toEqual({
      rmssdMs: 20,
      sdnnMs: expect.closeTo(Math.sqrt(1000 / 9), 12),
      beats: 10,
      artefacts: 0,
    });
  });

  it('matches a hand computation on an irregular series', () => {
    // Differences 10 -20 10 20 -20 10 -20 10 10 (squares sum 2100); mean 803, squared deviations 810.
    const result = hrvFromRr([800, 810, 790, 800, 820, 800, 810, 790, 800, 810]);
    expect(result?.rmssdMs).toBeCloseTo(Math.sqrt(2100 / 9), 12);
    expect(result?.sdnnMs).toBeCloseTo(Math.sqrt(90), 12);
  });
});

describe('artefact filtering', () => {
  it('accepts a change of exactly 20% and rejects one just above it', () => {
    expect(filterArtefacts([800, 960, 960]).artefacts).toBe(0);
    expect(filterArtefacts([800, 961, 961])).toEqual({ clean: [800, 880.5, 961], artefacts: 1 });
  });

  it('replaces a missed beat (a double interval) by the interpolated value', () => {
    const rr = [...repeat(800, 6), 1600, ...repeat(800, 5)];
    expect(filterArtefacts(rr)).toEqual({ clean: repeat(800, 12), artefacts: 1 });
    expect(hrvFromRr(rr)).toEqual({ rmssdMs: 0, sdnnMs: 0, beats: 11, artefacts: 1 });
  });

  it('premature beat + compensatory pause: the pause is kept, its neighbours interpolated', () => {
    // 500 is rejected; 1100 follows a rejected beat and is not tested (hrv-analysis' Malik rule);
    // the 800 after it differs from 1100 by 300 > 220 and is rejected in turn.
    const rr = [...repeat(800, 5), 500, 1100, ...repeat(800, 5)];
    const { clean, artefacts } = filterArtefacts(rr);
    expect(clean).toEqual([...repeat(800, 5), 950, 1100, 950, ...repeat(800, 4)]);
    expect(artefacts).toBe(2);
    // Differences 150 150 -150 -150 among 11; mean 850, squared deviations 9·2500 + 2·10000 + 62500.
    const result = hrvFromRr(rr);
    expect(result?.rmssdMs).toBeCloseTo(Math.sqrt(90000 / 11), 12);
    expect(result?.sdnnMs).toBeCloseTo(Math.sqrt(105000 / 11), 12);
    expect(result?.beats).toBe(10);
  });

  it('interpolates out-of-range and non-finite beats, including at either end', () => {
    expect(filterArtefacts([100, 800, 3000, Number.NaN, 860, 860, Number.POSITIVE_INFINITY])).toEqual({
      clean: [800, 800, 820, 840, 860, 860, 860],
      artefacts: 4,
    });
  });

  it('counts a beat rejected by both the range check and the Malik rule once', () => {
    // 100 and 100 become 800 and 600; 600 then differs from 800 by more than 20%.
    expect(filterArtefacts([1000, 100, 100, 400, 400])).toEqual({
      clean: [1000, 800, 600, 400, 400],
      artefacts: 2,
    });
  });

  it('computes over out-of-range beats replaced by their neighbours', () => {
    const rr = alternating(12);
    rr[3] = 3000; // between two 800s
    rr[8] = 200; // between two 820s
    // Values: six 800s and six 820s; differences: seven of ±20 among 11.
    const result = hrvFromRr(rr);
    expect(result?.rmssdMs).toBeCloseTo(Math.sqrt(2800 / 11), 12);
    expect(result?.sdnnMs).toBeCloseTo(Math.sqrt(1200 / 11), 12);
    expect(result?.artefacts).toBe(2);
  });

  it('returns an empty series when no beat is in range', () => {
    expect(filterArtefacts([100, 5000])).toEqual({ clean: [], artefacts: 2 });
    expect(filterArtefacts([])).toEqual({ clean: [], artefacts: 0 });
  });
});

describe('readings not to be trusted', () => {
  it('is null with more than 20% artefacts', () => {
    const rr = alternating(15);
    rr[2] = rr[6] = rr[10] = 3000; // 3 of 15 = 20%: still trusted
    expect(hrvFromRr(rr)?.artefacts).toBe(3);
    rr[13] = 3000;
    expect(hrvFromRr(rr)).toBeNull();
  });

  it('is null with fewer than 10 beats kept', () => {
    expect(hrvFromRr(alternating(9))).toBeNull();
    expect(hrvFromRr([...alternating(10), 3000])?.beats).toBe(10);
    expect(hrvFromRr([...alternating(9), 3000, 820])?.beats).toBe(10);
    expect(hrvFromRr([...alternating(9), 3000])).toBeNull();
    expect(hrvFromRr([])).toBeNull();
  });
});

describe('properties', () => {
  const rrSeries = (min: number, max: number) =>
    fc.array(fc.double({ min, max, noNaN: true }), { minLength: 10, maxLength: 300 });

  it('a constant series has RMSSD 0 and SDNN 0', () => {
    fc.assert(
      fc.property(fc.integer({ min: 250, max: 2500 }), fc.integer({ min: 10, max: 500 }), (rr, n) => {
        expect(hrvFromRr(repeat(rr, n))).toEqual({ rmssdMs: 0, sdnnMs: 0, beats: n, artefacts: 0 });
      }),
    );
  });

  it('scaling every RR by c scales RMSSD and SDNN by c and keeps the same artefacts', () => {
    // Values stay in 250..2500 ms at every scale, so only the (scale-free) Malik rule decides.
    fc.assert(
      fc.property(rrSeries(700, 900), fc.double({ min: 0.5, max: 2.5, noNaN: true }), (rr, c) => {
        const base = hrvFromRr(rr);
        const scaled = hrvFromRr(rr.map((x) => x * c));
        if (base === null) return expect(scaled).toBeNull();
        expect(scaled?.artefacts).toBe(base.artefacts);
        expect(scaled?.rmssdMs).toBeCloseTo(base.rmssdMs * c, 6);
        expect(scaled?.sdnnMs).toBeCloseTo(base.sdnnMs * c, 6);
      }),
    );
  });

  it('never yields NaN or Infinity, whatever the input', () => {
    const beat = fc.oneof(
      fc.double(),
      fc.integer({ min: 200, max: 2600 }),
      fc.double({ min: 700, max: 900 }),
    );
    fc.assert(
      fc.property(fc.array(beat, { maxLength: 200 }), (rr) => {
        const { clean } = filterArtefacts(rr);
        for (const x of clean) expect(x >= 250 && x <= 2500).toBe(true);
        const result = hrvFromRr(rr);
        if (result === null) return;
        expect(Number.isFinite(result.rmssdMs) && result.rmssdMs >= 0).toBe(true);
        expect(Number.isFinite(result.sdnnMs) && result.sdnnMs >= 0).toBe(true);
        expect(result.beats + result.artefacts).toBe(rr.length);
      }),
    );
  });
});
