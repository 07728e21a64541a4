import { dateOfDay, dayNumber, type NightInput } from '../night/night';
import { DEFAULT_WARNING_CONFIG as cfg } from '../warnings/warning.config';
import { ALARM, createBaselineState, flagsAt, HRV, OFF_PHASE, RHR, setFlags } from './baseline.state';
import { channelBaseline, recentValues, usableNights } from './baseline.stats';
import { applyShiftIfReady, recordNight } from './night.recorder';

const D0 = dayNumber('2026-06-01');
const night = (i: number, over: Partial<NightInput> = {}): NightInput => ({
  wakeDate: dateOfDay(D0 + i),
  source: 'oura',
  lnRmssd: 3.8 + 0.1 * Math.sin(i * 2.1),
  rhrBpm: 55 + 1.5 * Math.sin(i * 1.3),
  sleepH: 7.2 + 0.5 * Math.sin(i * 0.7),
  efficiency: 0.9,
  midpointMin: 210 + 20 * Math.sin(i * 0.9),
  ...over,
});

function fill(nights: NightInput[]) {
  const s = createBaselineState();
  for (const n of nights) recordNight(s, n, dayNumber(n.wakeDate), cfg);
  return s;
}

describe('channel baselines', () => {
  it('are the median and MAD of the window before the recent week', () => {
    const rhr = [50, 52, 54, 56, 58, 60, 62, 64, 66, 68, 70];
    const recent = Array.from({ length: 7 }, () => 90);
    const s = fill([...rhr, ...recent].map((x, i) => night(i, { rhrBpm: x })));
    const b = channelBaseline(s, D0 + 17, RHR, cfg)!;
    expect(b.n).toBe(11);
    expect(b.center).toBeCloseTo(60, 1);
    expect(b.scale).toBeCloseTo(1.4826 * 6, 1);
    expect(recentValues(s, D0 + 17, RHR, cfg).map(Math.round)).toEqual(recent);
  });

  it('need minBaselineNights and floor the scale of a very steady person', () => {
    const s = fill(Array.from({ length: 20 }, (_, i) => night(i, { rhrBpm: 55 })));
    expect(channelBaseline(s, D0 + 19, RHR, cfg)!.scale).toBe(cfg.floors[RHR]);
    const young = fill(Array.from({ length: 12 }, (_, i) => night(i)));
    expect(channelBaseline(young, D0 + 11, RHR, cfg)).toBeNull();
  });

  it('leave alarm nights out, unless too few would remain', () => {
    // baseline window of day 39: nights 0..32; 10 at 50 bpm, then 23 alarm nights at 70
    const s = fill(Array.from({ length: 40 }, (_, i) => night(i, { rhrBpm: i < 10 ? 50 : 70 })));
    for (let i = 10; i < 33; i++) setFlags(s, D0 + i, flagsAt(s, D0 + i) | ALARM);
    expect(channelBaseline(s, D0 + 39, RHR, cfg)!.center).toBe(50);
    setFlags(s, D0, flagsAt(s, D0) | ALARM);
    expect(channelBaseline(s, D0 + 39, RHR, cfg)!.center).toBe(70);
  });
});

describe('recording nights', () => {
  it('sets day sleep after a night shift apart from the baselines', () => {
    const nights = Array.from({ length: 20 }, (_, i) => night(i));
    nights.push(night(20, { midpointMin: 750, rhrBpm: 80 }));
    const s = fill(nights);
    expect(flagsAt(s, D0 + 20) & OFF_PHASE).toBe(OFF_PHASE);
    expect(usableNights(s, D0 + 20)).toBe(20);
  });

  it('a midpoint just past midnight is not off-phase for someone who sleeps around 23:30', () => {
    const s = fill(Array.from({ length: 20 }, (_, i) => night(i, { midpointMin: i % 2 ? 1410 : 30 })));
    expect(flagsAt(s, D0 + 19) & OFF_PHASE).toBe(0);
  });

  it('shifts the old device to the new one after rebaselineNights, without mixing', () => {
    const old = Array.from({ length: 30 }, (_, i) => night(i));
    const fresh = Array.from({ length: cfg.rebaselineNights }, (_, k) => {
      const n = night(30 + k);
      return { ...n, source: 'garmin', rhrBpm: n.rhrBpm! - 5 };
    });
    const s = createBaselineState();
    for (const n of [...old, ...fresh]) {
      const day = dayNumber(n.wakeDate);
      const r = recordNight(s, n, day, cfg);
      const shifted = applyShiftIfReady(s, day, cfg);
      if (day === D0 + 30) expect(r.sourceChanged).toBe(true);
      expect(shifted).toBe(day === D0 + 30 + cfg.rebaselineNights - 1);
    }
    expect(s.shiftPending).toBe(false);
    expect(channelBaseline(s, D0 + 36, RHR, cfg)!.center).toBeCloseTo(50, 0);
  });

  it('never puts ln SDNN into an ln RMSSD baseline; a device with the other measure starts HRV over', () => {
    const s = fill(Array.from({ length: 20 }, (_, i) => night(i)));
    expect(s.hrvMeasure).toBe(1);
    recordNight(s, night(20, { lnRmssd: undefined, lnSdnn: 4.2 }), D0 + 20, cfg);
    expect(recentValues(s, D0 + 20, HRV, cfg)).toHaveLength(6);
    recordNight(s, night(21, { source: 'apple', lnRmssd: undefined, lnSdnn: 4.2 }), D0 + 21, cfg);
    expect(s.hrvMeasure).toBe(2);
    expect(recentValues(s, D0 + 21, HRV, cfg)).toHaveLength(1);
  });
});
