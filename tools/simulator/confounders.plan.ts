// The confounders of one simulated person: what a detector must not mistake for stress. Drawn from
// the person's plan stream right after their traits and episodes.
import { drawDevice } from './devices';
import type { Traits } from './person.plan';
import { expo } from './prng';
import type { ConfounderKind, SimDevice, SimOptions } from './sim.types';
import { ZONES } from './timezones';

const DAY = 86_400_000;

export interface IllnessPlan {
  start: number;
  len: number;
  dRhr: number;
  dHrv: number;
  dSleep: number;
}
export interface TripPlan {
  start: number;
  len: number;
  zone: string;
  deltaMin: number;
}

export interface Draw {
  r: () => number;
  u: (a: number, b: number) => number;
  int: (a: number, b: number) => number;
}

export function planConfounders(
  o: SimOptions,
  { r, u, int }: Draw,
  zone: string,
  traits: Traits,
  note: (kind: ConfounderKind, a: number, b: number) => void,
) {
  const conf = o.confounders ?? true;
  const date = (d: number) => new Date(o.endDateMs - (o.days - 1 - d) * DAY).toISOString().slice(0, 10);
  const illnesses: IllnessPlan[] = [];
  for (let t = Math.floor(expo(r, 240)); conf && t < o.days; ) {
    const len = int(2, 5);
    illnesses.push({ start: t, len, dRhr: u(3, 9), dHrv: u(0.15, 0.45), dSleep: u(-1, 0.3) });
    note('illness', t, t + len + 1);
    t += len + 7 + Math.floor(expo(r, 240));
  }

  const dayShifts = new Set<number>();
  const nightShifts = conf && r() < 0.35;
  for (let t = int(3, 14); nightShifts && t < o.days; ) {
    const len = int(2, 4);
    for (let k = 0; k < len; k++) dayShifts.add(t + k);
    note('night-shift', t, t + len);
    t += len + int(6, 20);
  }

  const trips: TripPlan[] = [];
  if (conf && o.days >= 40 && r() < 0.12) {
    const start = int(20, o.days - 15);
    const zoneStd = ZONES[zone]!.std;
    let deltaMin = (r() < 0.5 ? -1 : 1) * int(5, 9) * 60;
    if (zoneStd + deltaMin > 780 || zoneStd + deltaMin < -660) deltaMin = -deltaMin;
    trips.push({ start, len: int(4, 12), zone: `fixed:${zoneStd + deltaMin}`, deltaMin });
    note('travel', start, start + trips[0]!.len + 3);
  }

  const alcohol = new Set<number>();
  const gaps = new Set<number>();
  for (let d = 0; d < o.days; d++) {
    const weekend = [0, 6].includes(new Date(o.endDateMs - (o.days - 1 - d) * DAY).getUTCDay());
    if (r() < traits.alcoholRate * (weekend ? 2.2 : 0.7)) {
      alcohol.add(d);
      note('alcohol', d, d);
    }
    if (o.gaps && r() < traits.missRate) gaps.add(d);
  }
  if (o.gaps && r() < 0.35) {
    const start = int(0, o.days - 1);
    const len = int(3, 14);
    for (let d = start; d < start + len; d++) gaps.add(d);
    note('gap', start, start + len - 1);
  }

  const devices: SimDevice[] = [drawDevice(r, conf, date(0))];
  const deviceFrom = [0];
  if (conf && o.days >= 70 && r() < 0.2) {
    const at = int(40, o.days - 20);
    let next = drawDevice(r, true, date(at));
    while (next.source === devices[0]!.source) next = drawDevice(r, true, date(at));
    devices.push(next);
    deviceFrom.push(at);
    note('device-switch', at, at);
  }
  return { illnesses, dayShifts, nightShifts, trips, alcohol, gaps, devices, deviceFrom };
}
