import { planPerson } from '../simulator/person.plan';
import { estimatingNormal, type OracleNight, type OraclePerson, oracleAlerts, oraclePerson } from './oracle';
import { oracleNight, oraclePersonOf } from './oracle.fixtures';

const night = (day: number, z: number, extra: Partial<OracleNight> = {}): OracleNight =>
  oracleNight(day, { z: [z, z, Number.NaN, Number.NaN, Number.NaN], ...extra });
const person = (nights: OracleNight[]): OraclePerson => oraclePersonOf(nights);
const q = { k: 1, h: 2, clip: 2, skipConfounded: false };

describe('oracleAlerts', () => {
  it('runs a capped CuSum of the weighted, clipped residuals and alerts while it is at h, after 14 nights', () => {
    // score of a night with both channels at z: 2z/√2; at z = 1.5 it adds 2.12 − 1 = 1.12 per night,
    // capped at h = 2, so one ordinary night (−1) brings it below h again
    const shift = [14, 15, 16].map((d) => night(d, 1.5));
    const ns = [...Array.from({ length: 14 }, (_, i) => night(i, 3)), ...shift, night(17, 0)];
    expect(oracleAlerts(person(ns), q)).toEqual([...Array(14).fill(false), false, true, true, false]);
  });

  it('clips each residual: one extreme night cannot reach h alone', () => {
    const ns = [...Array.from({ length: 14 }, (_, i) => night(i, 0)), night(14, 50)];
    expect(oracleAlerts(person(ns), q).at(-1)).toBe(false);
    expect(oracleAlerts(person(ns), { ...q, clip: 100 }).at(-1)).toBe(true);
  });

  it('holds day-sleep nights, and confounded ones only when told', () => {
    const base = Array.from({ length: 14 }, (_, i) => night(i, 0));
    const ns = [...base, night(14, 1.5), night(15, 1.5, { confounded: true }), night(16, 5, { held: true })];
    expect(oracleAlerts(person(ns), q).slice(14)).toEqual([false, true, true]);
    expect(oracleAlerts(person(ns), { ...q, skipConfounded: true }).slice(14)).toEqual([false, false, false]);
  });
});

describe('oraclePerson', () => {
  it('standardizes against the true normal: without episodes or confounders the residuals average ~0 with SD ~1', () => {
    const o = {
      people: 1,
      days: 400,
      seed: 3,
      endDateMs: Date.UTC(2026, 10, 20),
      episodes: false,
      confounders: false,
    };
    const p = oraclePerson(planPerson(o, 0), o);
    for (const ch of [0, 1, 3]) {
      const zs = p.nights.map((n) => n.z[ch]!).filter((z) => !Number.isNaN(z));
      const m = zs.reduce((a, z) => a + z, 0) / zs.length;
      const sd = Math.sqrt(zs.reduce((a, z) => a + (z - m) ** 2, 0) / zs.length);
      expect(Math.abs(m)).toBeLessThan(0.35);
      expect(sd).toBeGreaterThan(0.7);
      expect(sd).toBeLessThan(1.3);
    }
  });
});

describe('estimatingNormal', () => {
  it('compares each night with the median of its own nights 8–60 days back, not the true normal', () => {
    // resting HR 60 for 40 nights, then 64 for 10: the z of the true normal (given) is replaced
    const ns = Array.from({ length: 50 }, (_, d) =>
      night(d, 9, { x: [Number.NaN, d < 40 ? 60 : 64, Number.NaN, Number.NaN, Number.NaN] }),
    );
    const est = estimatingNormal(person(ns));
    expect(est.nights.slice(0, 17).every((n) => Number.isNaN(n.z[1]!))).toBe(true); // < 10 nights 8+ days back
    expect(est.nights[17]!.z[1]).toBeCloseTo(0, 12);
    expect(est.nights[30]!.z[1]).toBeCloseTo(0, 12);
    expect(est.nights[40]!.z[1]).toBeCloseTo((64 - 60) / 2, 12);
    // the last 7 nights are never in the baseline: 9 nights into the shift it is still visible
    expect(est.nights[49]!.z[1]).toBeCloseTo(2, 12);
    expect(est.nights.every((n) => Number.isNaN(n.z[2]!))).toBe(true); // missing channels stay missing
  });
});
