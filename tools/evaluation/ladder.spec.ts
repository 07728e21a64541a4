import { DEFAULT_WARNING_CONFIG } from '../../src/warnings/warning.config';
import { planPerson } from '../simulator/person.plan';
import type { CurvePoint } from './curve';
import { EVERYTHING, knowing, levelAlerts, sensitivityAtBudget, simulatorNights } from './ladder';
import { type OracleNight, type OraclePerson, oracleAlerts, oraclePerson } from './oracle';
import { oracleNight, oraclePersonOf } from './oracle.fixtures';

/** Resting HR only (channel 1), true normal 60, true SD 2. */
const night = (day: number, rhr: number, extra: Partial<OracleNight> = {}): OracleNight =>
  oracleNight(day, {
    x: [Number.NaN, rhr, Number.NaN, Number.NaN, Number.NaN],
    mu: [0, 60, 0, 0, 0],
    ...extra,
  });
const person = (nights: OracleNight[]): OraclePerson => oraclePersonOf(nights, [0.5, 0.5, 0.5, 0.5, 0.5]);
const cfg = DEFAULT_WARNING_CONFIG;
const NOTHING = { sd: false, weekend: false, normal: false, weights: false };
/** Alternating 58 / 62 around 60: median 60, MAD scale 1.4826 × 2. */
const wobble = (d: number) => (d % 2 ? 62 : 58);

describe('knowing', () => {
  it('with everything, is the oracle itself: the same residuals and weights', () => {
    const o = { people: 1, days: 120, seed: 5, endDateMs: Date.UTC(2026, 10, 20), gaps: true };
    const p = oraclePerson(planPerson(o, 0), o);
    const same = knowing(p, EVERYTHING, cfg);
    expect(same.w).toEqual(p.w);
    expect(same.nights.map((n) => n.z)).toEqual(p.nights.map((n) => n.z));
  });

  it("without the SDs, scales by the MAD of the baseline nights' deviations from their true normal, floored", () => {
    const ns = Array.from({ length: 30 }, (_, d) => night(d, wobble(d)));
    ns.push(night(30, 66));
    const z = knowing(person(ns), { ...EVERYTHING, sd: false }, cfg).nights[30]!.z[1]!;
    expect(z).toBeCloseTo(6 / (1.4826 * 2), 9);
    // a steady person is not scaled below the floor (1 bpm)
    const flat = [...Array.from({ length: 30 }, (_, d) => night(d, 60)), night(30, 63)];
    expect(knowing(person(flat), { ...EVERYTHING, sd: false }, cfg).nights[30]!.z[1]).toBeCloseTo(3, 9);
  });

  it('without the true normal, compares with the median of nights 7–59 back (day sleep left out), none before 10', () => {
    // the true normal says 60, the nights say 70: the median wins; a day-sleep night at 200 is ignored
    const ns = Array.from({ length: 40 }, (_, d) => night(d, d === 20 ? 200 : 70, { held: d === 20 }));
    ns.push(night(40, 74));
    const got = knowing(person(ns), { ...EVERYTHING, normal: false }, cfg).nights;
    expect(got[40]!.z[1]).toBeCloseTo(4 / 2, 9);
    expect(got[15]!.z[1]).toBeNaN(); // nights 0–8 are the ones ≥ 7 back: 10 needed
    expect(got[16]!.z[1]).toBeCloseTo(0, 9);
  });

  it('without the true normal, leaves the sleep channels out on the night after day sleep (the oracle knows it is short by rota)', () => {
    const sleepNight = (d: number, h: number, afterDaySleep = false) =>
      night(d, 60, {
        x: [Number.NaN, 60, h, Number.NaN, Number.NaN],
        mu: [0, 60, afterDaySleep ? 6.2 : 7, 0, 0],
        afterDaySleep,
      });
    const ns = [...Array.from({ length: 30 }, (_, d) => sleepNight(d, 7)), sleepNight(30, 6.2, true)];
    expect(knowing(person(ns), EVERYTHING, cfg).nights[30]!.z[2]).toBeCloseTo(0, 9);
    expect(knowing(person(ns), NOTHING, cfg).nights[30]!.z[2]).toBeNaN();
  });

  it('without the weekend terms, a weekend night is compared with the weekday normal', () => {
    const sleep = (d: number, weekend: boolean) =>
      night(d, 60, {
        x: [Number.NaN, 60, weekend ? 8 : 7, Number.NaN, Number.NaN],
        mu: [0, 60, weekend ? 8 : 7, 0, 0],
        weekendMu: [0, 0, weekend ? 1 : 0, 0, 0],
      });
    const ns = [sleep(0, true)];
    expect(knowing(person(ns), EVERYTHING, cfg).nights[0]!.z[2]).toBeCloseTo(0, 9);
    // longer sleep than the weekday normal by 1 h: "better" by 2 SD
    expect(knowing(person(ns), { ...EVERYTHING, weekend: false }, cfg).nights[0]!.z[2]).toBeCloseTo(-2, 9);
  });

  it("re-baselines on a device switch as Respite does: holds 7 nights of the new device, then moves the older nights by the medians' step", () => {
    // old device reads 60 ± 0.5, the new one 5 bpm higher: without the shift its nights are ≥ +4.5 SD
    // (until they enter the baseline themselves)
    const ns = Array.from({ length: 60 }, (_, d) =>
      night(d, (d % 2 ? 60.5 : 59.5) + (d >= 40 ? 5 : 0), { source: d >= 40 ? 'garmin' : 'oura' }),
    );
    const got = knowing(person(ns), { ...NOTHING, weights: true }, cfg).nights;
    expect(got.slice(40, 46).every((n) => Number.isNaN(n.z[1]!))).toBe(true);
    for (const n of got.slice(46)) expect(Math.abs(n.z[1]!)).toBeLessThanOrEqual(1);
    const noSwitch = ns.map((n) => ({ ...n, source: 'oura' }));
    expect(
      knowing(person(noSwitch), { ...NOTHING, weights: true }, cfg).nights[46]!.z[1],
    ).toBeGreaterThanOrEqual(4.5);
  });

  it("without the person's weights, takes Respite's", () => {
    expect(knowing(person([night(0, 60)]), NOTHING, cfg).w).toEqual(cfg.weights);
  });
});

describe('simulatorNights', () => {
  it('gives the engine the night values, leaving out missing HRV and resting HR, the midpoint on the clock', () => {
    const ns = [
      night(20_000, 61, { x: [3.5, 61, 7.1, 0.9, -30] }),
      night(20_001, Number.NaN, { x: [Number.NaN, Number.NaN, 6, 0.85, 200], source: 'garmin' }),
    ];
    expect(simulatorNights(person(ns))).toEqual([
      {
        wakeDate: '2024-10-04',
        source: 'oura',
        lnRmssd: 3.5,
        rhrBpm: 61,
        sleepH: 7.1,
        efficiency: 0.9,
        midpointMin: 1410,
      },
      { wakeDate: '2024-10-05', source: 'garmin', sleepH: 6, efficiency: 0.85, midpointMin: 200 },
    ]);
  });
});

describe('levelAlerts', () => {
  // score of a night = Σ z / √2 over its two channels: z 2.5 → 3.54, enough to fill the cap h 2 at once
  const scored = (zs: number[]) =>
    person(
      [...Array(14).fill(0), ...zs].map((z, d) =>
        night(d, 60, { z: [z, z, Number.NaN, Number.NaN, Number.NaN] }),
      ),
    );
  const q = { k: 1, h: 2, clip: 10, skipConfounded: false };
  it('warns only after a night at watch: one night that fills the cap is not a warning, as the oracle alone would have it', () => {
    const p = scored([2.5, 0, 0, 2.5, 2.5]);
    expect(oracleAlerts(p, q).slice(14)).toEqual([true, false, false, true, true]);
    expect(levelAlerts(p, q, 3).slice(14)).toEqual([false, false, false, false, true]);
  });
  it('steps a warning down below the cap and lets it back only after the watch has lasted the dwell', () => {
    // warn, one weak night (S 2 → 1.7: watch), then full nights again: watch for 3 nights, then warning
    const p = scored([2.5, 2.5, 0.5, 2.5, 2.5, 2.5, 2.5]);
    expect(levelAlerts(p, q, 3).slice(14)).toEqual([false, true, false, false, false, true, true]);
    expect(levelAlerts(p, q, 1).slice(14)).toEqual([false, true, false, true, true, true, true]);
  });
});

describe('sensitivityAtBudget', () => {
  const pt = (sensitivity: number, falsePerPersonQuarter: number) =>
    ({ sensitivity, falsePerPersonQuarter }) as CurvePoint;
  it('reads the frontier linearly at the budget, ignoring dominated points', () => {
    const pts = [pt(0.1, 0.1), pt(0.3, 0.3), pt(0.05, 0.2), pt(0.2, 0.35)];
    expect(sensitivityAtBudget(pts, 0.25)).toBeCloseTo(0.25, 12);
    expect(sensitivityAtBudget(pts, 0.5)).toBeCloseTo(0.3, 12);
    expect(sensitivityAtBudget(pts, 0.05)).toBeNaN();
  });
});
