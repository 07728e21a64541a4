import fc from 'fast-check';
import {
  createBaselineState,
  EFF,
  HRV,
  OFF_PHASE,
  PRESENT,
  RHR,
  SLEEP,
  setFlags,
} from '../baseline/baseline.state';
import type { ChannelBaseline } from '../baseline/baseline.stats';
import { recordNight } from '../baseline/night.recorder';
import { dateOfDay, dayNumber } from '../night/night';
import { DEFAULT_WARNING_CONFIG as cfg } from './warning.config';
import {
  CUSUM_STEP,
  cusumStep,
  type LevelCode,
  type LevelRun,
  NONE,
  nextLevel,
  nextRun,
  nightScore,
  SETTLED_RUN,
  WARNING,
  WATCH,
} from './warning.rules';

const D0 = dayNumber('2026-06-01');
/** Baselines at the night's normal (ln HRV 1, RHR 60, sleep 7 h, efficiency 0.5), scale 1 (efficiency 0.1). */
const base: ChannelBaseline[] = [1, 60, 7, 0.5].map((center, ch) => ({
  center,
  scale: ch === EFF ? 0.1 : 1,
  n: 30,
}));

function oneNight(v: { hrv?: number; rhr?: number; sleep?: number; eff?: number }, dayBefore = false) {
  const s = createBaselineState();
  recordNight(s, { wakeDate: dateOfDay(D0 - 1), source: 'oura', rhrBpm: 60 }, D0 - 1, cfg);
  recordNight(
    s,
    {
      wakeDate: dateOfDay(D0),
      source: 'oura',
      lnRmssd: 1 + (v.hrv ?? 0),
      rhrBpm: 60 + (v.rhr ?? 0),
      sleepH: 7 + (v.sleep ?? 0),
      efficiency: 0.5 + (v.eff ?? 0),
    },
    D0,
    cfg,
  );
  if (dayBefore) setFlags(s, D0 - 1, PRESENT | OFF_PHASE);
  return { s, base };
}
const w = cfg.weights;
const rss = (chs: number[]) => Math.sqrt(chs.reduce((a, ch) => a + w[ch]! ** 2, 0));

describe('nightly score', () => {
  it('is Σ w·z / √Σw², worse-signed: HRV down, RHR up, sleep and efficiency down', () => {
    const { s, base } = oneNight({ hrv: -1, rhr: 1, sleep: -1, eff: -0.1 });
    const chs = [HRV, RHR, SLEEP, EFF];
    expect(nightScore(s, D0, base, Number.NaN, cfg)).toBeCloseTo(
      chs.reduce((a, ch) => a + w[ch]!, 0) / rss(chs),
      2,
    );
    const better = oneNight({ hrv: 1, rhr: -1, sleep: 1, eff: 0.1 });
    expect(nightScore(better.s, D0, better.base, Number.NaN, cfg)).toBeLessThan(0);
  });

  it('clips each residual at ±zClip, so one extreme channel cannot carry the night', () => {
    const { s, base } = oneNight({ rhr: 40 });
    const chs = [HRV, RHR, SLEEP, EFF];
    expect(nightScore(s, D0, base, Number.NaN, cfg)).toBeCloseTo((cfg.zClip * w[RHR]!) / rss(chs), 2);
  });

  it('leaves the sleep channels out on the night after day sleep (night shift)', () => {
    const { s, base } = oneNight({ hrv: -1, rhr: 1, sleep: -3, eff: -0.3 }, true);
    const chs = [HRV, RHR];
    expect(nightScore(s, D0, base, Number.NaN, cfg)).toBeCloseTo((w[HRV]! + w[RHR]!) / rss(chs), 2);
  });

  it('is NaN for a night without any channel that has a baseline', () => {
    const { s } = oneNight({});
    expect(nightScore(s, D0, [null, null, null, null, null], Number.NaN, cfg)).toBeNaN();
  });
});

describe('CuSum', () => {
  it('adds the excess over k, never goes below 0 or above cusumMax, and stays on the 1/1024 grid', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { maxLength: 50 }), (scores) => {
        let S = 0;
        for (const x of scores) {
          const next = cusumStep(S, x, cfg);
          const exact = Math.min(cfg.cusumMax, Math.max(0, S + x - cfg.cusumK));
          expect(Math.abs(next - exact)).toBeLessThanOrEqual(CUSUM_STEP / 2 + 1e-12);
          expect(Number.isInteger(next / CUSUM_STEP)).toBe(true);
          S = next;
        }
      }),
    );
  });

  it('needs nights above k in a row: one very bad night between ordinary ones does not reach warning', () => {
    let S = 0;
    let level: 0 | 1 | 2 = NONE;
    const night = (x: number) => {
      const prev = S;
      S = cusumStep(S, x, cfg);
      level = nextLevel(level, prev, S, false, cfg);
    };
    for (const x of [0, 0.5, 6, 0.5, 1, 6, 0, 6, 0]) {
      night(x);
      expect(level).not.toBe(WARNING);
    }
    expect(level).toBe(WATCH); // the lone bad nights are remembered as watch, not as a warning
    night(3);
    expect(level).toBe(WATCH);
    night(3);
    expect(level).toBe(WARNING);
  });

  it('levels: warning only from watch; none only with S low and every signal inside its band', () => {
    const { watchAt, warnAt, clearBelow } = cfg;
    expect(nextLevel(NONE, warnAt, warnAt, false, cfg)).toBe(WATCH);
    expect(nextLevel(WATCH, watchAt, warnAt, false, cfg)).toBe(WARNING);
    // at watch from an earlier night, but the statistic was drained last night: one night is not enough
    expect(nextLevel(WATCH, 0, warnAt, false, cfg)).toBe(WATCH);
    expect(nextLevel(WARNING, warnAt, warnAt, false, cfg)).toBe(WARNING);
    expect(nextLevel(WARNING, warnAt, 0, false, cfg)).toBe(WATCH);
    expect(nextLevel(WATCH, 0, 0, false, cfg)).toBe(WATCH);
    expect(nextLevel(WATCH, 0, clearBelow + CUSUM_STEP, true, cfg)).toBe(WATCH);
    expect(nextLevel(WATCH, 0, clearBelow, true, cfg)).toBe(NONE);
    expect(nextLevel(WARNING, warnAt, 0, true, cfg)).toBe(NONE);
  });

  it('a warning steps down to watch as soon as S leaves its cap, and clears only inside the band', () => {
    const { stepDownAt, cusumMax, warnAt } = cfg;
    expect(stepDownAt).toBe(cusumMax);
    expect(nextLevel(WARNING, warnAt, stepDownAt - CUSUM_STEP, false, cfg)).toBe(WATCH);
    expect(nextLevel(WARNING, warnAt, stepDownAt - CUSUM_STEP, true, cfg)).toBe(WATCH);
    expect(nextLevel(WARNING, warnAt, stepDownAt, false, cfg)).toBe(WARNING);
  });

  it('after a step-down the warning comes back only once the watch has lasted minDwellNights', () => {
    const { warnAt, minDwellNights: dwell } = cfg;
    expect(dwell).toBeGreaterThanOrEqual(2);
    const down: LevelRun = { nights: 1, fromWarning: true };
    for (let n = 1; n < dwell; n++)
      expect(nextLevel(WATCH, warnAt, warnAt, false, cfg, { ...down, nights: n })).toBe(WATCH);
    expect(nextLevel(WATCH, warnAt, warnAt, false, cfg, { ...down, nights: dwell })).toBe(WARNING);
    // a watch that came from none is not held back: the first warning is as early as before
    expect(nextLevel(WATCH, warnAt, warnAt, false, cfg, { nights: 1, fromWarning: false })).toBe(WARNING);
    expect(nextRun(WARNING, SETTLED_RUN, WATCH)).toEqual(down);
    expect(nextRun(WATCH, down, WATCH)).toEqual({ nights: 2, fromWarning: true });
    expect(nextRun(WATCH, down, NONE)).toEqual({ nights: 1, fromWarning: false });
  });

  it('on any nights the level never goes warning, watch, warning with a watch shorter than the dwell', () => {
    // nightly scores in 0.1 steps around k, so that S often sits at and just below its cap
    const scores = fc.array(
      fc.integer({ min: -10, max: 40 }).map((x) => x / 10),
      { minLength: 20, maxLength: 200 },
    );
    fc.assert(
      fc.property(scores, fc.array(fc.boolean(), { maxLength: 200 }), (xs, inside) => {
        let S = 0;
        let level: LevelCode = NONE;
        let run: LevelRun = { ...SETTLED_RUN };
        const levels: LevelCode[] = [];
        xs.forEach((x, i) => {
          const prev = S;
          S = cusumStep(S, x, cfg);
          const next = nextLevel(level, prev, S, inside[i] ?? false, cfg, run);
          run = nextRun(level, run, next);
          level = next;
          levels.push(level);
        });
        // every watch run between two warnings lasts at least the dwell
        const text = levels.join('');
        for (const m of text.matchAll(/2(1+)(?=2)/g))
          expect(m[1]!.length).toBeGreaterThanOrEqual(cfg.minDwellNights);
      }),
      { numRuns: 300 },
    );
  });
});
