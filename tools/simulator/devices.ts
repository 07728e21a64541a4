import type { Source } from '../../src/ingest/decode/reading.types';
import { gaussian, pick, round } from './prng';
import type { DeviceKind, SimDevice } from './sim.types';

const RMSSD_SOURCES: Source[] = ['oura', 'whoop', 'garmin', 'fitbit', 'samsung'];

/**
 * A wearable: most report an RMSSD summary, chest straps only raw RR intervals (the service computes
 * RMSSD), Apple Watch only SDNN. Each reads a little off the truth, which is what a re-baseline on a
 * device switch must absorb.
 */
export function drawDevice(rand: () => number, confounders: boolean, from: string): SimDevice {
  if (!confounders)
    return { source: 'oura', kind: 'rmssd', from, offset: { lnHrv: 0, rhr: 0, sleepH: 0, efficiency: 0 } };
  const kind = pick<DeviceKind>(rand, [
    ['rmssd', 0.65],
    ['rr', 0.12],
    ['sdnn', 0.23],
  ]);
  const source: Source =
    kind === 'rr'
      ? 'polar'
      : kind === 'sdnn'
        ? 'apple'
        : RMSSD_SOURCES[Math.floor(rand() * RMSSD_SOURCES.length)]!;
  const offset = {
    lnHrv: round(0.12 * gaussian(rand), 3),
    rhr: round(1.5 * gaussian(rand), 3),
    sleepH: round(0.3 * gaussian(rand), 3),
    efficiency: round(0.02 * gaussian(rand), 3),
  };
  return { source, kind, from, offset };
}
