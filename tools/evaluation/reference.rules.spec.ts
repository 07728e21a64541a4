import { dateOfDay, dayNumber, type NightInput } from '../../src/night/night';
import { hrv4TrainingAlerts, nightSignalAlerts } from './reference.rules';

const D0 = dayNumber('2026-05-01');
const nights = (xs: Partial<NightInput>[], skip = new Set<number>()): NightInput[] =>
  xs.flatMap((x, i) => (skip.has(i) ? [] : [{ wakeDate: dateOfDay(D0 + i), source: 'oura', ...x }]));

describe('NightSignal red rule', () => {
  it('alerts from the second consecutive night ≥ median + 4 bpm', () => {
    const rhr = [...Array.from({ length: 20 }, (_, i) => 60 + (i % 3) - 1), 63, 64, 64, 65, 60];
    const alerts = nightSignalAlerts(nights(rhr.map((rhrBpm) => ({ rhrBpm }))));
    expect(alerts.flatMap((a, i) => (a ? [i] : []))).toEqual([22, 23]);
  });

  it('needs the two nights to be consecutive dates and 14 earlier nights', () => {
    const rhr = [...Array.from({ length: 20 }, () => 60), 65, 65, 65];
    expect(
      nightSignalAlerts(
        nights(
          rhr.map((rhrBpm) => ({ rhrBpm })),
          new Set([21]),
        ),
      ).some(Boolean),
    ).toBe(false);
    expect(nightSignalAlerts(nights([60, 60, 60, 70, 70].map((rhrBpm) => ({ rhrBpm })))).some(Boolean)).toBe(
      false,
    );
  });
});

describe('HRV4Training rule', () => {
  it('alerts when the 7-day mean falls below the 60-day mean − 0.5 SD', () => {
    const ln = [...Array.from({ length: 30 }, (_, i) => 3.8 + (i % 2 ? 0.1 : -0.1)), 3.5, 3.5, 3.5, 3.5];
    const alerts = hrv4TrainingAlerts(nights(ln.map((lnRmssd) => ({ lnRmssd }))));
    expect(alerts.slice(0, 30).some(Boolean)).toBe(false);
    expect(alerts.at(-1)).toBe(true);
  });

  it('starts over when the HRV measure changes instead of mixing RMSSD and SDNN', () => {
    const xs = [
      ...Array.from({ length: 30 }, (_, i) => ({ lnRmssd: 3.8 + (i % 2 ? 0.1 : -0.1) })),
      ...Array.from({ length: 10 }, () => ({ lnSdnn: 3.0 })),
    ];
    expect(hrv4TrainingAlerts(nights(xs)).some(Boolean)).toBe(false);
  });
});
