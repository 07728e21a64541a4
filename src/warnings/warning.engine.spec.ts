import { dateOfDay, dayNumber, type NightInput } from '../night/night';
import { createPersonState, type PersonState, serializeState } from './person.state';
import {
  DEFAULT_WARNING_CONFIG as cfg,
  SENSITIVE_WARNING_CONFIG,
  type WarningConfig,
} from './warning.config';
import { evaluateNight, type NightVerdict } from './warning.engine';

const D0 = dayNumber('2026-06-01');
const normal = (i: number, over: Partial<NightInput> = {}): NightInput => ({
  wakeDate: dateOfDay(D0 + i),
  source: 'oura',
  lnRmssd: 3.8 + 0.1 * Math.sin(i * 2.1),
  rhrBpm: 55 + 1.5 * Math.sin(i * 1.3),
  sleepH: 7.2 + 0.5 * Math.sin(i * 0.7),
  efficiency: 0.9 + 0.02 * Math.sin(i * 1.7),
  midpointMin: 210 + 20 * Math.sin(i * 0.9),
  ...over,
});
const stressed = (i: number): NightInput => {
  const n = normal(i);
  return { ...n, lnRmssd: n.lnRmssd! - 0.35, rhrBpm: n.rhrBpm! + 6, sleepH: n.sleepH! - 1.5 };
};

function run(s: PersonState, nights: NightInput[], c: WarningConfig = cfg): NightVerdict[] {
  return nights.map((n) => evaluateNight(s, n, c));
}
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, k) => a + k);

describe('warning state machine', () => {
  it('gives no verdict before the cold start is over, whatever the nights', () => {
    const v = run(
      createPersonState(),
      range(0, 30).map((i) => (i < 13 ? stressed(i) : normal(i))),
    );
    const first = v.findIndex((x) => x.status === 'evaluated');
    expect(first).toBeGreaterThanOrEqual(cfg.coldStartNights - 1);
    expect(v.slice(0, first).every((x) => x.reason === 'cold-start' && x.level === 'none')).toBe(true);
  });

  it('rises none → watch → warning on a stress week, nudging once, with nudges.v1-shaped signals', () => {
    const v = run(createPersonState(), [
      ...range(0, 40).map((i) => normal(i)),
      ...range(40, 50).map(stressed),
    ]);
    expect(v.slice(0, 40).every((x) => x.level === 'none')).toBe(true);
    const levels = v.slice(40).map((x) => x.level);
    const firstWarning = levels.indexOf('warning');
    expect(firstWarning).toBeGreaterThan(0);
    expect(levels[firstWarning - 1]).toBe('watch');
    expect(v.filter((x) => x.nudge)).toHaveLength(1);
    const w = v[40 + firstWarning]!;
    expect(w).toMatchObject({ nudge: true, asOf: dateOfDay(D0 + 40 + firstWarning) });
    const hrv = w.signals.find((x) => x.signal === 'hrv')!;
    expect(hrv.value).toBeLessThan(hrv.band[0]);
    expect(hrv.band[0]).toBeLessThan(hrv.baseline);
    expect(hrv.days).toBeGreaterThan(0);
    const rhr = w.signals.find((x) => x.signal === 'rhr')!;
    expect(rhr.value).toBeGreaterThan(rhr.band[1]);
  });

  it('clears only once the signals are back inside their bands (hysteresis)', () => {
    const s = createPersonState();
    const v = run(s, [
      ...range(0, 40).map((i) => normal(i)),
      ...range(40, 50).map(stressed),
      ...range(50, 75).map((i) => normal(i)),
    ]);
    expect(v[49]!.level).toBe('warning');
    // normal nights drain the CuSum below watch within days, but the week's means are still off their bands
    const drained = v.findIndex((x, k) => k >= 50 && x.cusum! < cfg.watchAt);
    expect(drained).toBeGreaterThanOrEqual(50);
    expect(drained).toBeLessThanOrEqual(52);
    expect(v[drained]!.level).toBe('watch');
    const cleared = v.findIndex((x, k) => k > 50 && x.level === 'none');
    expect(cleared).toBeGreaterThan(drained + 1);
    expect(v[cleared]!.signals).toEqual([]);
    for (const x of v.slice(50, cleared)) {
      expect(x.level).not.toBe('none');
      expect(x.signals.length).toBeGreaterThan(0);
    }
    expect(v.slice(cleared).every((x) => x.level === 'none')).toBe(true);
  });

  it('lets a single bad night or a three-night illness pass, but warns on a sustained moderate shift', () => {
    const bad = (i: number): NightInput => {
      const n = normal(i);
      return { ...n, lnRmssd: n.lnRmssd! - 0.4, rhrBpm: n.rhrBpm! + 8, efficiency: 0.84 };
    };
    const ill = (i: number): NightInput => {
      const n = normal(i);
      return { ...n, lnRmssd: n.lnRmssd! - 0.45, rhrBpm: n.rhrBpm! + 9 };
    };
    // HRV −0.15 ln, RHR +3 bpm, 1 h less sleep: about 1.5–2 baseline scales each, nightly scores
    // ~2.3 against the default's k 2.05
    const moderate = (i: number): NightInput => {
      const n = normal(i);
      return { ...n, lnRmssd: n.lnRmssd! - 0.15, rhrBpm: n.rhrBpm! + 3, sleepH: n.sleepH! - 1 };
    };
    const week = range(0, 40).map((i) => normal(i));
    const once = run(createPersonState(), [...week, bad(40), ...range(41, 50).map((i) => normal(i))]);
    expect(once.every((x) => x.level !== 'warning')).toBe(true);
    const flu = run(createPersonState(), [
      ...week,
      ...range(40, 43).map(ill),
      ...range(43, 55).map((i) => normal(i)),
    ]);
    expect(flu.every((x) => x.level !== 'warning')).toBe(true);
    const shift = run(createPersonState(), [...week, ...range(40, 54).map(moderate)]);
    const first = shift.findIndex((x) => x.level === 'warning');
    expect(first).toBeGreaterThanOrEqual(41);
    expect(first).toBeLessThanOrEqual(47);
  });

  it('orders the presets: a smaller shift (nightly scores ~2.0) warns within a week on sensitive, not on default', () => {
    // HRV −0.12 ln, RHR +2.5 bpm, 0.8 h less sleep: about 1.2–1.7 baseline scales each
    const smaller = (i: number): NightInput => {
      const n = normal(i);
      return { ...n, lnRmssd: n.lnRmssd! - 0.12, rhrBpm: n.rhrBpm! + 2.5, sleepH: n.sleepH! - 0.8 };
    };
    const nights = [...range(0, 40).map((i) => normal(i)), ...range(40, 54).map(smaller)];
    const first = run(createPersonState(), nights, SENSITIVE_WARNING_CONFIG).findIndex(
      (x) => x.level === 'warning',
    );
    expect(first).toBeGreaterThanOrEqual(41);
    expect(first).toBeLessThanOrEqual(47);
    expect(run(createPersonState(), nights).some((x) => x.level === 'warning')).toBe(false);
    for (const bad of [SENSITIVE_WARNING_CONFIG, cfg]) {
      const once = run(
        createPersonState(),
        [...range(0, 40).map((i) => normal(i)), stressed(40), ...range(41, 50).map((i) => normal(i))],
        bad,
      );
      expect(once.every((x) => x.level !== 'warning')).toBe(true);
    }
  });

  it('missing nights neither raise nor clear: a gap, a night without data, a sparse window', () => {
    const s = createPersonState();
    run(s, [...range(0, 40).map((i) => normal(i)), ...range(40, 48).map(stressed)]);
    expect(s.level).toBe(2);
    expect(
      evaluateNight(s, normal(49, { lnRmssd: undefined, rhrBpm: undefined, sleepH: undefined }), cfg),
    ).toMatchObject({
      status: 'held',
      reason: 'no-data',
      level: 'warning',
    });
    const afterGap = evaluateNight(s, normal(60), cfg);
    expect(afterGap).toMatchObject({ status: 'held', reason: 'sparse', level: 'warning', nudge: false });
  });

  it('holds day sleep after a night shift instead of judging it', () => {
    const s = createPersonState();
    run(
      s,
      range(0, 30).map((i) => normal(i)),
    );
    const v = evaluateNight(s, { ...stressed(30), midpointMin: 760 }, cfg);
    expect(v).toMatchObject({ status: 'held', reason: 'off-phase', level: 'none' });
  });

  it('re-baselines on a device change with an offset instead of alarming', () => {
    const s = createPersonState();
    const v = run(s, [
      ...range(0, 40).map((i) => normal(i)),
      ...range(40, 90).map((i) => {
        const n = normal(i, { source: 'garmin' });
        return { ...n, lnRmssd: n.lnRmssd! - 0.4, rhrBpm: n.rhrBpm! + 5 };
      }),
    ]);
    expect(v.every((x) => x.level === 'none')).toBe(true);
    expect(v.slice(40, 40 + cfg.rebaselineNights - 1).every((x) => x.reason === 'rebaseline')).toBe(true);
    expect(v[89]!.status).toBe('evaluated');
  });

  it('ignores late and duplicate nights without touching the state', () => {
    const s = createPersonState();
    run(
      s,
      range(0, 30).map((i) => normal(i)),
    );
    const before = serializeState(s);
    expect(evaluateNight(s, stressed(20), cfg).status).toBe('late');
    expect(evaluateNight(s, stressed(29), cfg).status).toBe('duplicate');
    expect(evaluateNight(s, { ...normal(31), wakeDate: '2026-13-01' }, cfg).status).toBe('invalid');
    expect(serializeState(s).equals(before)).toBe(true);
  });

  it('does not nudge within the cooldown of an earlier nudge', () => {
    const s = createPersonState();
    run(
      s,
      range(0, 40).map((i) => normal(i)),
    );
    const probe = createPersonState();
    run(
      probe,
      range(0, 40).map((i) => normal(i)),
    );
    const firstWarning = run(probe, range(40, 46).map(stressed)).findIndex((x) => x.level === 'warning');
    s.nudgeDays = [D0 + 40 + firstWarning - 1];
    const v = run(s, range(40, 46).map(stressed));
    expect(v[firstWarning]!.level).toBe('warning');
    expect(v[firstWarning]!.nudge).toBe(false);
    expect(v.every((x) => !x.nudge)).toBe(true);
  });

  it('a stepped-down warning waits out its dwell in evaluated nights: held nights neither count nor clear', () => {
    const s = createPersonState();
    run(
      s,
      range(0, 40).map((i) => normal(i)),
    );
    // just stepped down from a warning, the evidence still near the cap
    Object.assign(s, { level: 1, cusum: cfg.cusumMax, run: { nights: 1, fromWarning: true } });
    const held = run(
      s,
      [41, 42, 43].map((i) => normal(i, { lnRmssd: undefined, rhrBpm: undefined, sleepH: undefined })),
    );
    expect(held.map((x) => [x.status, x.level])).toEqual(Array(3).fill(['held', 'watch']));
    expect(s.run).toEqual({ nights: 1, fromWarning: true });
    const v = run(s, range(44, 50).map(stressed));
    const back = v.findIndex((x) => x.level === 'warning');
    expect(back).toBe(cfg.minDwellNights - 1); // the watch lasted minDwellNights evaluated nights
    expect(v.slice(0, back).every((x) => x.level === 'watch')).toBe(true);
  });
});
