// Hand-made oracle nights and people for the evaluation's specs (oracle.spec, ladder.spec): a night
// with nothing measured and a neutral normal, the fields a spec cares about given over it.
import type { OracleNight, OraclePerson } from './oracle';

const NaN5 = [Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN];

export const oracleNight = (day: number, over: Partial<OracleNight> = {}): OracleNight => ({
  day,
  z: NaN5,
  held: false,
  confounded: false,
  x: NaN5,
  mu: [0, 0, 0, 0, 0],
  weekendMu: [0, 0, 0, 0, 0],
  afterDaySleep: false,
  source: 'oura',
  ...over,
});

/** One person with the simulator's usual noise SDs; `w` the effect weights (all 1 unless given). */
export const oraclePersonOf = (nights: OracleNight[], w = [1, 1, 1, 1, 1]): OraclePerson => ({
  subjectId: 'p',
  w,
  sd: [0.1, 2, 0.5, 0.03, 30],
  nights,
});
