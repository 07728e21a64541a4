import fc from 'fast-check';
import { DAY_MS, dateOfDay, type NightInput } from '../night/night';
import { createPersonState, restoreState, STATE_BYTES, serializeState } from './person.state';
import {
  checkInWeight,
  foldInputs,
  GRACE_DAYS,
  MIN_PAIRS,
  neutralCalibration,
  RAISE_HALF_LIFE_DAYS,
  RAISE_MAX,
  RAISE_STEP,
  raiseOn,
  recordPair,
  WEIGHT_MAX,
} from './personal.calibration';
import {
  DISMISSAL_REASONS,
  type Dismissal,
  NO_PERSONAL_INPUTS,
  type PersonalCheckIn,
  type PersonalInputs,
} from './personal.inputs';
import { DEFAULT_WARNING_CONFIG as cfg } from './warning.config';
import { evaluateNight, type NightVerdict } from './warning.engine';
import { D0, type NightSpec, normal, stressed } from './warnings.fixtures';

const nightOf = (i: number, n: NightSpec): NightInput => ({
  wakeDate: dateOfDay(D0 + i),
  source: 'oura',
  lnRmssd: n.lnRmssd,
  rhrBpm: n.rhr,
  sleepH: n.sleepH,
  efficiency: 0.9,
  midpointMin: 180,
});
/** Inputs of night i are those given before its wake date began (the tests' stand-in for its end). */
const cutoff = (i: number) => (D0 + i) * DAY_MS;
const givenBefore = (p: PersonalInputs, ms: number): PersonalInputs => ({
  dismissals: p.dismissals.filter((d) => d.atMs < ms),
  checkIns: p.checkIns.filter((c) => c.atMs < ms),
});

function run(nights: readonly NightInput[], inputsOf: (i: number) => PersonalInputs): NightVerdict[] {
  const s = createPersonState();
  return nights.map((n, i) => evaluateNight(s, n, cfg, inputsOf(i)));
}

/** Normal nights, then stress from night `from` on. */
const person = (len: number, from = Infinity) =>
  Array.from({ length: len }, (_, i) => nightOf(i, i >= from ? stressed(i) : normal(i)));

/** Mostly given within days of the dismissed night (as people do), sometimes long after or before it. */
const dismissalArb = (days: number) =>
  fc
    .record({
      of: fc.nat(days - 1),
      reason: fc.constantFrom(...DISMISSAL_REASONS),
      delayMs: fc.oneof(
        fc.integer({ min: 0, max: 3 * DAY_MS }),
        fc.integer({ min: -days, max: days * DAY_MS }),
      ),
    })
    .map(({ of, reason, delayMs }) => ({
      asOf: dateOfDay(D0 + of),
      reason,
      atMs: Math.max(D0 * DAY_MS + 1, (D0 + of) * DAY_MS + delayMs),
    }));
const checkInArb = (days: number) =>
  fc.record({
    atMs: fc.nat(days * DAY_MS).map((t) => D0 * DAY_MS + t),
    stress: fc.integer({ min: 1, max: 5 }),
    sleepQuality: fc.integer({ min: 1, max: 5 }),
  });
const inputsArb = (days: number) =>
  fc.record({
    dismissals: fc.array(dismissalArb(days), { maxLength: 12 }),
    checkIns: fc.array(checkInArb(days), { maxLength: 80 }),
  });
/** Nights mostly normal, with stress now and then, so that levels move. */
const nightsArb = (days: number) =>
  fc
    .array(fc.tuple(fc.boolean(), fc.nat(9)), { minLength: days, maxLength: days })
    .map((xs) =>
      xs.flatMap(([here, r], i) =>
        here || i < 20 ? [nightOf(i, r < 3 && i > 25 ? stressed(i) : normal(i))] : [],
      ),
    );
const byTime = <T extends { atMs: number }>(xs: readonly T[]) => [...xs].sort((a, b) => a.atMs - b.atMs);

describe('personal calibration', () => {
  it('with no inputs the verdicts are exactly the physiology-only ones, with nothing personal', () => {
    fc.assert(
      fc.property(nightsArb(70), (nights) => {
        const plain = run(nights, () => NO_PERSONAL_INPUTS);
        const empty = run(nights, () => ({ dismissals: [], checkIns: [] }));
        expect(empty).toEqual(plain);
        expect(plain.some((v) => 'personal' in v)).toBe(false);
      }),
      { numRuns: 40 },
    );
  });

  it('the raise of k stays within [0, RAISE_MAX] and decays back to 0, whatever the dismissals', () => {
    fc.assert(
      fc.property(fc.array(dismissalArb(90), { maxLength: 40 }), (ds) => {
        const c = neutralCalibration();
        const sorted = byTime(ds);
        for (let day = D0; day < D0 + 90; day++) {
          foldInputs(c, { dismissals: sorted.filter((d) => d.atMs < (day + 1) * DAY_MS), checkIns: [] }, day);
          expect(raiseOn(c, day)).toBeGreaterThanOrEqual(0);
          expect(raiseOn(c, day)).toBeLessThanOrEqual(RAISE_MAX + 1e-9);
          // a passing cause never explains more than its night + GRACE_DAYS, nor a night not yet come
          expect(c.graceUntilDay).toBeLessThanOrEqual(day + Math.max(...Object.values(GRACE_DAYS)));
        }
        expect(raiseOn(c, D0 + 90 + 10 * RAISE_HALF_LIFE_DAYS)).toBeLessThan(0.001);
      }),
      { numRuns: 100 },
    );
  });

  it('"not helpful" raises k by one step, halving every RAISE_HALF_LIFE_DAYS', () => {
    const c = neutralCalibration();
    foldInputs(
      c,
      { dismissals: [{ asOf: dateOfDay(D0), reason: 'not-helpful', atMs: D0 * DAY_MS + 1 }], checkIns: [] },
      D0,
    );
    expect(raiseOn(c, D0)).toBeCloseTo(RAISE_STEP, 3);
    expect(raiseOn(c, D0 + RAISE_HALF_LIFE_DAYS)).toBeCloseTo(RAISE_STEP / 2, 3);
    // one said a half-life before it is folded has already decayed by half
    const late = neutralCalibration();
    const said = (D0 - RAISE_HALF_LIFE_DAYS) * DAY_MS;
    foldInputs(
      late,
      { dismissals: [{ asOf: dateOfDay(D0 - 22), reason: 'not-helpful', atMs: said }], checkIns: [] },
      D0,
    );
    expect(raiseOn(late, D0)).toBeCloseTo(RAISE_STEP / 2, 3);
  });

  it('one dismissal, of any kind and at any time, cannot silence a sustained shift', () => {
    const stressFrom = 60;
    const nights = person(100, stressFrom);
    fc.assert(
      fc.property(dismissalArb(100), (d) => {
        const v = run(nights, (i) => givenBefore({ dismissals: [d], checkIns: [] }, cutoff(i)));
        const first = v.findIndex((x, i) => i >= stressFrom && x.level === 'warning');
        // without it the warning comes on the third stressed night; a passing cause holds at most its grace
        expect(first).toBeGreaterThanOrEqual(stressFrom);
        expect(first - stressFrom).toBeLessThanOrEqual(2 + Math.max(...Object.values(GRACE_DAYS)) + 1);
      }),
      { numRuns: 80 },
    );
  });

  it('a sustained strong shift still warns at the largest raise', () => {
    const many: Dismissal[] = Array.from({ length: 10 }, (_, k) => ({
      asOf: dateOfDay(D0 + 50),
      reason: 'not-helpful',
      atMs: cutoff(50) + k,
    }));
    const v = run(person(80, 55), (i) => givenBefore({ dismissals: many, checkIns: [] }, cutoff(i)));
    expect(v[51]!.personal?.thresholdShift).toBeCloseTo(RAISE_MAX * 0.5 ** (1 / RAISE_HALF_LIFE_DAYS), 2);
    expect(v.slice(55, 62).some((x) => x.level === 'warning')).toBe(true);
  });

  it('a passing cause for a recent nudge resets the evidence and holds it for its grace days', () => {
    const nights = person(75, 50);
    const plain = run(nights, () => NO_PERSONAL_INPUTS);
    const at = plain.findIndex((x) => x.nudge);
    expect(at).toBeGreaterThan(50);
    const ill: Dismissal = { asOf: nights[at]!.wakeDate, reason: 'ill', atMs: cutoff(at) + 10 * 3_600_000 };
    const v = run(nights, (i) => givenBefore({ dismissals: [ill], checkIns: [] }, cutoff(i)));
    expect(v.slice(0, at + 1)).toEqual(plain.slice(0, at + 1));
    for (let i = at + 1; i <= at + GRACE_DAYS.ill; i++) {
      expect(v[i]!.cusum).toBe(0);
      expect(v[i]!.level).not.toBe('warning');
      expect(v[i]!.personal?.explainedThrough).toBe(dateOfDay(D0 + at + GRACE_DAYS.ill));
    }
    expect(v.slice(at + GRACE_DAYS.ill + 1).some((x) => x.level === 'warning')).toBe(true);
  });

  it('an old or future night given as a passing cause changes nothing', () => {
    const nights = person(75, 50);
    const plain = run(nights, () => NO_PERSONAL_INPUTS);
    for (const asOf of [dateOfDay(D0 + 30), dateOfDay(D0 + 74)]) {
      const d: Dismissal = { asOf, reason: 'travel', atMs: cutoff(52) };
      const v = run(nights, (i) => givenBefore({ dismissals: [d], checkIns: [] }, cutoff(i)));
      expect(v.map((x) => [x.level, x.cusum])).toEqual(plain.map((x) => [x.level, x.cusum]));
    }
  });

  it('the check-in weight is 0 until MIN_PAIRS, then follows the person’s own agreement', () => {
    const agree = neutralCalibration();
    const random = neutralCalibration();
    for (let i = 0; i < 28; i++) {
      const score = Math.sin(i * 1.7) * 2;
      if (i === MIN_PAIRS - 1) expect(checkInWeight(agree)).toBe(0);
      recordPair(agree, { stress: 3 + score, sleepQuality: 3 - score }, score);
      recordPair(random, { stress: 1 + ((i * 7) % 5), sleepQuality: 1 + ((i * 3) % 5) }, score);
    }
    expect(checkInWeight(agree)).toBe(WEIGHT_MAX);
    expect(checkInWeight(random)).toBeLessThan(0.3);
  });

  it('folds idempotently: all inputs every night, only new ones, or each twice, give the same', () => {
    fc.assert(
      fc.property(nightsArb(60), inputsArb(60), (nights, raw) => {
        const p = { dismissals: byTime(raw.dismissals), checkIns: byTime(raw.checkIns) };
        const days = nights.map((n) => Math.round(Date.parse(n.wakeDate) / DAY_MS) - D0);
        const all = run(nights, (i) => givenBefore(p, cutoff(days[i]!)));
        const twice = run(nights, (i) => {
          const b = givenBefore(p, cutoff(days[i]!));
          return { dismissals: [...b.dismissals, ...b.dismissals], checkIns: [...b.checkIns, ...b.checkIns] };
        });
        const fresh = run(nights, (i) => {
          const from = i > 0 ? cutoff(days[i - 1]!) : -Infinity;
          const b = givenBefore(p, cutoff(days[i]!));
          return {
            dismissals: b.dismissals.filter((d) => d.atMs >= from),
            checkIns: b.checkIns.filter((c) => c.atMs >= from),
          };
        });
        expect(twice).toEqual(all);
        expect(fresh).toEqual(all);
      }),
      { numRuns: 60 },
    );
  });

  it('a state with a calibration round-trips within 2 KB and continues identically', () => {
    fc.assert(
      fc.property(nightsArb(70), inputsArb(70), fc.nat(), (nights, raw, at) => {
        const p = { dismissals: byTime(raw.dismissals), checkIns: byTime(raw.checkIns) };
        const inputsOf = (n: NightInput) => givenBefore(p, Date.parse(n.wakeDate));
        const cut = at % nights.length;
        const a = createPersonState();
        for (const n of nights.slice(0, cut)) evaluateNight(a, n, cfg, inputsOf(n));
        const bytes = serializeState(a);
        expect(bytes.length).toBe(STATE_BYTES);
        expect(bytes.toString('base64').length).toBeLessThanOrEqual(2048);
        const b = restoreState(bytes.toString('base64'));
        expect(b.calibration).toEqual(a.calibration);
        const rest = nights.slice(cut);
        expect(rest.map((n) => evaluateNight(b, n, cfg, inputsOf(n)))).toEqual(
          rest.map((n) => evaluateNight(a, n, cfg, inputsOf(n))),
        );
        expect(serializeState(b).equals(serializeState(a))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('keeps a score that rounds to zero from below as 0, as the stored state restores it (not -0)', () => {
    // a property run (seed -826820416) found a restored state differing from the live one only so
    const c = neutralCalibration();
    recordPair(c, { stress: 1, sleepQuality: 1 }, -1e-9);
    expect(Object.is(c.pairScore[0], 0)).toBe(true);
  });

  it('check-ins that agree with the nights add evidence: the shift is warned no later', () => {
    const nights = person(120, 90);
    // the person answers every evening: stressed once their nights are, calm and rested before
    const checkIns: PersonalCheckIn[] = nights.map((_, i) => ({
      atMs: cutoff(i) + 20 * 3_600_000,
      stress: i >= 90 ? 5 : 1 + (i % 3),
      sleepQuality: i >= 90 ? 1 : 5 - (i % 3),
    }));
    const plain = run(nights, () => NO_PERSONAL_INPUTS);
    const v = run(nights, (i) => givenBefore({ dismissals: [], checkIns }, cutoff(i)));
    const first = (xs: NightVerdict[]) => xs.findIndex((x, i) => i >= 90 && x.level === 'warning');
    expect(first(v)).toBeLessThanOrEqual(first(plain));
    expect(v[95]!.personal?.checkInPairs).toBeGreaterThanOrEqual(MIN_PAIRS);
  });
});
