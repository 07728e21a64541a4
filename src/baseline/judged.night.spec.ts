import { dateOfDay, dayNumber, type NightInput } from '../night/night';
import { createPersonState, restoreState, serializeState } from '../warnings/person.state';
import { DEFAULT_WARNING_CONFIG as cfg } from '../warnings/warning.config';
import { evaluateNight } from '../warnings/warning.engine';
import { assess } from '../warnings/warning.rules';
import { judgedNight } from './judged.night';
import { applyShiftIfReady, recordNight } from './night.recorder';

const D0 = dayNumber('2026-06-01');
const night = (i: number, stress = 0, over: Partial<NightInput> = {}): NightInput => ({
  wakeDate: dateOfDay(D0 + i),
  source: 'oura',
  lnRmssd: 3.8 + 0.1 * Math.sin(i * 2.1) - 0.35 * stress,
  rhrBpm: 55 + 1.5 * Math.sin(i * 1.3) + 6 * stress,
  sleepH: 7.2 + 0.5 * Math.sin(i * 0.7) - 1.5 * stress,
  efficiency: 0.9 + 0.02 * Math.sin(i * 1.7),
  midpointMin: 210 + 20 * Math.sin(i * 0.9),
  ...over,
});

describe('judgedNight', () => {
  it('is the baseline the warnings assessed the night against, also after nights at watch or warning', () => {
    // a stressed fortnight in the middle: its nights are at watch/warning and leave the baseline
    const nights = Array.from({ length: 110 }, (_, i) => night(i, i >= 40 && i < 54 ? 1 : 0));
    const s = createPersonState();
    let compared = 0;
    let levelsUp = 0;
    for (const n of nights) {
      const day = dayNumber(n.wakeDate);
      // what assess sees: the state just after recording the night, before the verdict
      const before = restoreState(serializeState(s));
      recordNight(before.baseline, n, day, cfg);
      applyShiftIfReady(before.baseline, day, cfg);
      const a = assess(before.baseline, day, cfg);
      const v = evaluateNight(s, n, cfg);
      if (v.level !== 'none') levelsUp++;
      const j = judgedNight(s.baseline, day, cfg);
      if (!a.ok) continue;
      for (const sig of a.signals) {
        const b = j[sig.signal]!;
        expect([b.center - cfg.bandK * b.scale, b.center + cfg.bandK * b.scale]).toEqual(sig.band);
        expect(b.center).toBe(sig.baseline);
        compared++;
      }
    }
    expect(levelsUp).toBeGreaterThan(3);
    expect(compared).toBeGreaterThan(200);
  });

  it('says which HRV measure the night is in and whether it was slept by day', () => {
    const s = createPersonState();
    for (let i = 0; i < 20; i++) evaluateNight(s, night(i), cfg);
    const day = evaluateNight(s, night(20, 0, { midpointMin: 900 }), cfg);
    expect(day.reason).toBe('off-phase');
    const j = judgedNight(s.baseline, D0 + 20, cfg);
    expect(j).toMatchObject({ hrvMeasure: 1, offPhase: true });
    expect(j.sleep).not.toBeNull();
    // the ring holds nothing of a night slept by day, so nothing of it is kept as compared
    expect(j.values).toEqual([Number.NaN, Number.NaN, Number.NaN]);
    const first = createPersonState();
    evaluateNight(first, night(0, 0, { lnRmssd: undefined, lnSdnn: 4 }), cfg);
    expect(judgedNight(first.baseline, D0, cfg)).toEqual({
      hrvMeasure: 2,
      offPhase: false,
      hrv: null,
      rhr: null,
      sleep: null,
      // the night's own values as the ring holds them (its 1/1024-ish grid), SDNN for this person
      values: [4, 55, 7.2],
    });
  });
});
