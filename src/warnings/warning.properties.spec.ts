import fc from 'fast-check';
import { dateOfDay, dayNumber, type NightInput } from '../night/night';
import { createPersonState, restoreState, STATE_BYTES, serializeState, V2_STATE_BYTES } from './person.state';
import { neutralCalibration } from './personal.calibration';
import { DEFAULT_WARNING_CONFIG as cfg } from './warning.config';
import { evaluateNight, type NightVerdict } from './warning.engine';
import { SETTLED_RUN } from './warning.rules';

const D0 = dayNumber('2026-01-01');
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 8 });

/** Nights with gaps (skip), arbitrary plausible values, now and then another device. */
const nightsArb = fc
  .array(
    fc.record({
      skip: fc.nat(3),
      source: fc.constantFrom('oura', 'oura', 'oura', 'oura', 'oura', 'oura', 'garmin', 'apple'),
      lnRmssd: opt(fc.double({ min: 2.5, max: 5, noNaN: true })),
      lnSdnn: opt(fc.double({ min: 2.5, max: 5, noNaN: true })),
      rhrBpm: opt(fc.double({ min: 40, max: 90, noNaN: true })),
      sleepH: opt(fc.double({ min: 3, max: 10, noNaN: true })),
      efficiency: opt(fc.double({ min: 0.6, max: 0.99, noNaN: true })),
      midpointMin: opt(fc.double({ min: 0, max: 1439, noNaN: true })),
    }),
    { minLength: 20, maxLength: 110 },
  )
  .map((rows) => {
    let day = D0;
    return rows.map(({ skip, ...n }) => {
      day += 1 + skip;
      return { ...n, wakeDate: dateOfDay(day) } as NightInput;
    });
  });

function replay(nights: readonly NightInput[]): NightVerdict[] {
  const s = createPersonState();
  return nights.map((n) => evaluateNight(s, n, cfg));
}

describe('warning engine properties', () => {
  it('a person with stable signals never gets past none, whatever nights are missing', () => {
    const stable = fc.record({
      ln: fc.double({ min: 2.5, max: 5, noNaN: true }),
      rhr: fc.double({ min: 40, max: 90, noNaN: true }),
      sleep: fc.double({ min: 5, max: 9, noNaN: true }),
      mid: fc.double({ min: 0, max: 1439, noNaN: true }),
      jitter: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 1, maxLength: 7 }),
      present: fc.array(fc.boolean(), { minLength: 40, maxLength: 150 }),
    });
    fc.assert(
      fc.property(stable, (p) => {
        const s = createPersonState();
        p.present.forEach((here, i) => {
          if (!here) return;
          // within a fifth of each channel's scale floor: well inside any band
          const j = (k: number) => 0.2 * p.jitter[(i + k) % p.jitter.length]!;
          const v = evaluateNight(
            s,
            {
              wakeDate: dateOfDay(D0 + i),
              source: 'oura',
              lnRmssd: p.ln + j(0) * cfg.floors[0]!,
              rhrBpm: p.rhr + j(1) * cfg.floors[1]!,
              sleepH: p.sleep + j(2) * cfg.floors[2]!,
              efficiency: 0.9 + j(3) * cfg.floors[3]!,
              midpointMin: (p.mid + j(4) * 20 + 1440) % 1440,
            },
            cfg,
          );
          expect(v.level).toBe('none');
          expect(v.nudge).toBe(false);
        });
      }),
      { numRuns: 60 },
    );
  });

  it('replaying the same nights gives identical verdicts', () => {
    fc.assert(
      fc.property(nightsArb, (nights) => {
        expect(replay(nights)).toEqual(replay(nights));
      }),
      { numRuns: 60 },
    );
  });

  it('a serialized and restored state continues exactly like the original, within 2 KB', () => {
    fc.assert(
      fc.property(nightsArb, fc.nat(), (nights, at) => {
        const cut = at % nights.length;
        const a = createPersonState();
        for (const n of nights.slice(0, cut)) evaluateNight(a, n, cfg);
        const bytes = serializeState(a);
        expect(bytes.length).toBe(STATE_BYTES);
        expect(bytes.length).toBeLessThanOrEqual(2048);
        expect(bytes.toString('base64').length).toBeLessThanOrEqual(2048);
        const b = restoreState(bytes.toString('base64'));
        const rest = nights.slice(cut);
        expect(rest.map((n) => evaluateNight(b, n, cfg))).toEqual(rest.map((n) => evaluateNight(a, n, cfg)));
        expect(serializeState(b).equals(serializeState(a))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('nudges keep the cooldown and the weekly cap on any input', () => {
    fc.assert(
      fc.property(nightsArb, (nights) => {
        const days = replay(nights)
          .filter((v) => v.nudge)
          .map((v) => dayNumber(v.asOf));
        days.forEach((d, i) => {
          if (i > 0) expect(d - days[i - 1]!).toBeGreaterThanOrEqual(cfg.cooldownDays);
          expect(days.filter((e) => e <= d && d - e < 7).length).toBeLessThanOrEqual(cfg.weeklyCap);
        });
      }),
      { numRuns: 60 },
    );
  });

  it('restores version-1 (before the CuSum), 2 (before the calibration) and 3 (before the dwell)', () => {
    fc.assert(
      fc.property(nightsArb, (nights) => {
        const a = createPersonState();
        for (const n of nights) evaluateNight(a, n, cfg);
        a.run = { ...SETTLED_RUN }; // what a record from before the dwell restores to
        const v4 = serializeState(a);
        // version 3: the level's byte held the level alone
        const v3 = Buffer.from(v4);
        v3[0] = 3;
        v3[1] = a.level;
        expect(serializeState(restoreState(v3)).equals(v4)).toBe(true);
        // version 2: the same record without the calibration at its end
        const v2 = Buffer.from(v3.subarray(0, V2_STATE_BYTES));
        v2[0] = 2;
        const b = restoreState(v2);
        expect(b.calibration).toEqual(neutralCalibration());
        expect(serializeState(b).equals(v4)).toBe(true);
        // version 1: version 2 without the 2 CuSum bytes after the nudge dates
        const v1 = Buffer.concat([v2.subarray(0, 21), v2.subarray(23)]);
        v1[0] = 1;
        const c = restoreState(v1);
        expect(c.cusum).toBe(0);
        expect(serializeState(c).equals(serializeState({ ...a, cusum: 0 }))).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it('a state keeps the level and its run (the dwell) through a restore', () => {
    const a = createPersonState();
    a.level = 1;
    a.run = { nights: 2, fromWarning: true };
    const b = restoreState(serializeState(a));
    expect([b.level, b.run]).toEqual([1, { nights: 2, fromWarning: true }]);
    a.run = { nights: 40, fromWarning: false };
    expect(restoreState(serializeState(a)).run).toEqual({ nights: 31, fromWarning: false });
  });

  it('rejects a state of the wrong size or version with a code', () => {
    expect(() => restoreState(Buffer.alloc(10))).toThrow(expect.objectContaining({ code: 'STATE_INVALID' }));
    const bad = serializeState(createPersonState());
    bad[0] = 99;
    expect(() => restoreState(bad)).toThrow(/version/);
  });
});
