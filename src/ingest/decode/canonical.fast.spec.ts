// The fast path against its oracle, the zod schemas: on any input it must give zod's output when zod
// accepts and undefined when zod rejects; and valid readings must really take it.
import fc from 'fast-check';
import { benchReadings, benchSubjects } from '../../../scripts/bench/dataset';
import { simulateCohort } from '../../../tools/simulator/cohort.simulator';
import { fastHrvV1, fastSleepV1 } from './canonical.fast';
import { hrvV1Schema, MAX_RR_INTERVALS, PLAUSIBLE, sleepV1Schema } from './canonical.schema';
import { decodeObject, hrv, sleep } from './decode.fixtures';
import { identifierProblem } from './identifier';
import { type JsonObject, SOURCES } from './reading.types';
import { formatWithOffset } from './timestamp';

type Range = { min: number; max: number };
type Schema = typeof hrvV1Schema | typeof sleepV1Schema;
type Fast = (value: JsonObject) => object | undefined;

/** The fast result must be zod's data when zod accepts, and undefined when it rejects. */
function agrees(fast: Fast, schema: Schema, input: object): boolean {
  const expected = schema.safeParse(input);
  const actual = fast(input as JsonObject);
  if (expected.success) expect(actual).toStrictEqual(expected.data);
  else expect(actual).toBeUndefined();
  return expected.success;
}

// ---- values valid for the schema (the base readings) and odd ones (the mutations)

const within = (r: Range) =>
  fc.oneof(fc.integer({ min: r.min, max: r.max }), fc.double({ min: r.min, max: r.max, noNaN: true }));
const optional = <T>(a: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 4, arbitrary: a }, fc.constant(null), fc.constant(undefined));

/** The neighbouring double of x, towards +∞ (up) or −∞. */
function adjacent(x: number, up: boolean): number {
  if (x === 0) return up ? Number.MIN_VALUE : -Number.MIN_VALUE;
  const f = new Float64Array([x]);
  const bits = new BigInt64Array(f.buffer);
  bits[0]! += x > 0 === up ? 1n : -1n;
  return f[0]!;
}

const oddValues = fc.oneof(
  fc.constantFrom(null, undefined, true, false, 0, -0, -1, NaN, Infinity, -Infinity, '', 'x', '42', [], {}),
  fc.jsonValue({ maxDepth: 2 }),
);

const numberAround = (r: Range) =>
  fc.oneof(
    within(r),
    fc.constantFrom(r.min, r.max, adjacent(r.min, false), adjacent(r.max, true), r.min - 1, r.max + 1),
    fc.constantFrom(0, -0, Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, JSON.parse('1e999')),
    fc.double(),
    oddValues,
  );

const printable = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));
const oddChar = fc.constantFrom(
  ...[' ', '\t', '\n', '\0', '\x1f', '\x7f', '\x85', '\xa0', '\xad', '\u200b', '\u2028', '\u2066'],
  ...['\u202e', '\ufeff', '\u3000', '\ud800', '\udc00', 'é', 'ξ', '😀', '👩‍⚕️'],
);
const idChar = fc.oneof({ weight: 6, arbitrary: printable }, oddChar);
const validIdentifier = fc
  .string({ unit: idChar, minLength: 1, maxLength: 40 })
  .filter((s) => identifierProblem(s) === undefined);
/** `s` with `c` put in at `at` (clamped: 0 is the start, a large number the end). */
const insert = ([s, c, at]: [string, string, number]) => s.slice(0, at) + c + s.slice(at);
const ends = fc.oneof(fc.constant(0), fc.constant(1_000), fc.nat({ max: 40 }));
const identifier = fc.oneof(
  validIdentifier,
  fc.tuple(validIdentifier, oddChar, ends).map(insert),
  fc.string({ unit: idChar, maxLength: 12 }),
  fc.string({ unit: idChar, minLength: 120, maxLength: 135 }),
  fc.constantFrom(
    ...['', ' a', 'a ', 'a b', '\xa0a', 'a\t'].concat(['a', 'é', '😀'].map((c) => c.repeat(128))),
  ),
  fc.constantFrom(...['a', 'é', '😀'].map((c) => c.repeat(129))),
  oddValues,
);

const validUuid = fc.oneof(
  fc.uuid(),
  fc.uuid().map((u) => u.toUpperCase()),
);
/** Digits at and beyond the edges of z.uuid()'s version (1–8) and variant (8, 9, a, b) places. */
const uuidEdges = fc
  .tuple(validUuid, fc.constantFrom(...'0189fF'), fc.constantFrom(...'789abcABC'))
  .map(([u, version, variant]) => `${u.slice(0, 14)}${version}${u.slice(15, 19)}${variant}${u.slice(20)}`);
/** One character of a valid UUID replaced, a dash or a digit (¹ and ٣ are digits elsewhere in Unicode). */
const uuidTypo = fc
  .tuple(validUuid, fc.nat({ max: 35 }), fc.constantFrom(...'09afAFgG-_ {}\né¹٣'))
  .map(([u, at, c]) => u.slice(0, at) + c + u.slice(at + 1));
const uuid = fc.oneof(
  validUuid,
  { weight: 3, arbitrary: uuidEdges },
  uuidTypo,
  fc.tuple(validUuid, fc.constantFrom('', '-', '0', '\n'), ends).map(insert),
  fc.uuid({ version: [9, 10, 15] }),
  fc.constantFrom(
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
    'Ffffffff-ffff-ffff-ffff-ffffffffffff',
    '00000000-0000-0000-0000-000000000001',
    '3b0d7f1e2c4a4e8b9a6d5f1c2e3d4b5a',
    '{3b0d7f1e-2c4a-4e8b-9a6d-5f1c2e3d4b5a}',
    '3b0d7f1e-2c4a-4e8b-9a6d-5f1c2e3d4b5a\n',
    ' 3b0d7f1e-2c4a-4e8b-9a6d-5f1c2e3d4b5a',
    '3b0d7f1e-2c4a-4e8b-9a6d-5f1c2e3d4b5',
    '3b0d7f1e-2c4a-4e8b-9a6d_5f1c2e3d4b5a',
    '3b0d7f1e-2c4a-4e8b-9a6d-5f1c2e3d4b5g',
  ),
  oddValues,
);

const validTimestamp = fc
  .tuple(
    fc.date({ min: new Date('1990-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }),
    fc.integer({ min: -14 * 60, max: 14 * 60 }),
  )
  .map(([d, offset]) => formatWithOffset(d.getTime(), offset));
const digits = (n: number, max: number) => fc.integer({ min: 0, max }).map((x) => String(x).padStart(n, '0'));
const timestamp = fc.oneof(
  validTimestamp,
  fc
    .tuple(
      ...[digits(4, 9999), digits(2, 13), digits(2, 32), digits(2, 25), digits(2, 61), digits(2, 61)],
      fc.constantFrom('', '.5', '.123456789', '.1234567890'),
      fc.constantFrom('Z', 'z', '', '+14:00', '-14:00', '+14:01', '+0530', '+05:60', '+5:30', '-00:00'),
    )
    .map(([y, mo, d, h, mi, s, frac, zone]) => `${y}-${mo}-${d}T${h}:${mi}:${s}${frac}${zone}`),
  fc.constantFrom(
    '2024-02-29T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2026-11-20 03:10:00Z',
    '2026-11-20T03:10Z',
  ),
  oddValues,
);

const source = fc.oneof(
  fc.constantFrom(...SOURCES),
  fc.constantFrom('OURA', ' oura', 'unknown', ''),
  oddValues,
);
const validRr = fc.array(within(PLAUSIBLE.rrMs), { maxLength: 40 });
const rrEntry = fc.oneof({ weight: 5, arbitrary: within(PLAUSIBLE.rrMs) }, numberAround(PLAUSIBLE.rrMs));
const rrIntervals = fc.oneof(
  { weight: 4, arbitrary: validRr },
  { weight: 4, arbitrary: fc.array(rrEntry, { maxLength: 40 }) },
  // the longest allowed and one more (rare: zod takes a while over 20,000 entries)
  fc.constantFrom(MAX_RR_INTERVALS, MAX_RR_INTERVALS + 1).map((n) => new Array(n).fill(800)),
  { weight: 2, arbitrary: oddValues },
);
const stage = within(PLAUSIBLE.stageMinutes);
const validStages = fc.record(
  { awake: optional(stage), light: optional(stage), deep: optional(stage), rem: optional(stage) },
  { requiredKeys: [] },
);
const stagesMin = fc.oneof(
  validStages,
  fc.dictionary(
    fc.constantFrom('awake', 'light', 'deep', 'rem', 'extra', 'Awake'),
    numberAround(PLAUSIBLE.stageMinutes),
    {
      maxKeys: 6,
    },
  ),
  oddValues,
);

// ---- readings: valid ones, then a few keys deleted or set to odd values

const validHrv = fc.record(
  {
    schema: fc.constant('hrv.v1'),
    readingId: validUuid,
    subjectId: validIdentifier,
    deviceId: optional(validIdentifier),
    source: fc.constantFrom(...SOURCES),
    measuredAt: validTimestamp,
    windowSeconds: optional(within(PLAUSIBLE.windowSeconds)),
    context: optional(fc.constantFrom('sleep', 'rest', 'unknown')),
    rmssdMs: optional(within(PLAUSIBLE.hrvMs)),
    sdnnMs: optional(within(PLAUSIBLE.hrvMs)),
    rrIntervalsMs: optional(validRr),
    restingHrBpm: optional(within(PLAUSIBLE.heartRateBpm)),
  },
  { requiredKeys: ['schema', 'readingId', 'subjectId', 'source', 'measuredAt'] },
);

const validSleep = fc.record(
  {
    schema: fc.constant('sleep.v1'),
    readingId: validUuid,
    subjectId: validIdentifier,
    deviceId: optional(validIdentifier),
    source: fc.constantFrom(...SOURCES),
    startAt: validTimestamp,
    endAt: validTimestamp,
    isMainSleep: fc.boolean(),
    stagesMin: optional(validStages),
    efficiency: optional(within(PLAUSIBLE.efficiency)),
    restingHrBpm: optional(within(PLAUSIBLE.heartRateBpm)),
    avgRmssdMs: optional(within(PLAUSIBLE.hrvMs)),
    avgSdnnMs: optional(within(PLAUSIBLE.hrvMs)),
  },
  { requiredKeys: ['schema', 'readingId', 'subjectId', 'source', 'startAt', 'endAt', 'isMainSleep'] },
);

const DELETE = Symbol('delete');
const oddFor: Record<string, fc.Arbitrary<unknown>> = {
  schema: fc.constantFrom('hrv.v1', 'sleep.v1', 'HRV.V1', 'hrv.v2', ''),
  readingId: uuid,
  subjectId: identifier,
  deviceId: identifier,
  source,
  measuredAt: timestamp,
  startAt: timestamp,
  endAt: timestamp,
  windowSeconds: numberAround(PLAUSIBLE.windowSeconds),
  context: fc.constantFrom('sleep', 'rest', 'unknown', 'awake', 'SLEEP', 'toString'),
  rmssdMs: numberAround(PLAUSIBLE.hrvMs),
  sdnnMs: numberAround(PLAUSIBLE.hrvMs),
  avgRmssdMs: numberAround(PLAUSIBLE.hrvMs),
  avgSdnnMs: numberAround(PLAUSIBLE.hrvMs),
  rrIntervalsMs: rrIntervals,
  restingHrBpm: numberAround(PLAUSIBLE.heartRateBpm),
  efficiency: numberAround(PLAUSIBLE.efficiency),
  isMainSleep: fc.constantFrom(true, false, 'true', 0, 1),
  stagesMin,
  extra: oddValues,
  ['__proto__']: oddValues, // computed, so an own key and not the prototype
  constructor: oddValues,
};
const HRV_KEYS = [
  'schema',
  'readingId',
  'subjectId',
  'deviceId',
  'source',
  'measuredAt',
  'windowSeconds',
].concat([
  'context',
  'rmssdMs',
  'sdnnMs',
  'rrIntervalsMs',
  'restingHrBpm',
  'extra',
  '__proto__',
  'constructor',
]);
const SLEEP_KEYS = [
  'schema',
  'readingId',
  'subjectId',
  'deviceId',
  'source',
  'startAt',
  'endAt',
  'isMainSleep',
].concat(['stagesMin', 'efficiency', 'restingHrBpm', 'avgRmssdMs', 'avgSdnnMs', 'extra', '__proto__']);

const oddValueFor = (key: string) =>
  fc.oneof({ weight: 4, arbitrary: oddFor[key]! }, fc.constant(DELETE), oddValues);
const mutation = (keys: string[]) =>
  fc.constantFrom(...keys).chain((key) => fc.tuple(fc.constant(key), oddValueFor(key)));

/** Mutations applied to a copy, sent as is or through JSON as from the wire. */
function apply(reading: object, mutations: [string, unknown][], viaJson: boolean): object {
  const out: Record<string, unknown> = { ...reading };
  for (const [key, value] of mutations) {
    if (value === DELETE) delete out[key];
    else Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return viaJson ? JSON.parse(JSON.stringify(out)) : out;
}

/** A valid reading with up to three of its keys (or extra ones) deleted or set to odd values. */
const mutated = (valid: fc.Arbitrary<object>, keys: string[]) =>
  fc
    .tuple(valid, fc.array(mutation(keys), { maxLength: 3 }), fc.boolean())
    .map(([reading, mutations, viaJson]) => apply(reading, mutations, viaJson));

/** A valid reading with just `key` deleted or set to an odd value: each rule met on its own. */
const oneOdd = (valid: fc.Arbitrary<object>, key: string) =>
  fc
    .tuple(valid, oddValueFor(key), fc.boolean())
    .map(([reading, value, viaJson]) => apply(reading, [[key, value]], viaJson));

describe.each([
  ['hrv.v1', fastHrvV1, hrvV1Schema, validHrv, HRV_KEYS],
  ['sleep.v1', fastSleepV1, sleepV1Schema, validSleep, SLEEP_KEYS],
] as const)('the fast path agrees with zod on %s', (_, fast, schema, valid, keys) => {
  /** Runs the property; returns how many of the inputs zod (and so the fast path) accepted. */
  function accepted(inputs: fc.Arbitrary<object>, numRuns: number): number {
    let n = 0;
    fc.assert(
      fc.property(inputs, (input) => {
        if (agrees(fast, schema, input)) n++;
      }),
      { numRuns },
    );
    return n;
  }

  it.each(keys)('with %s odd', (key) => {
    expect(accepted(oneOdd(valid, key), 300)).toBeGreaterThan(0);
  });

  it('with a few random mutations', () => {
    // both sides of the contract exercised: many inputs accepted, many rejected
    const n = accepted(mutated(valid, keys), 3000);
    expect(n).toBeGreaterThan(3000 * 0.15);
    expect(n).toBeLessThan(3000 * 0.85);
  });
});

describe('valid readings take the fast path', () => {
  const expectFast = (value: Record<string, unknown>) => {
    const [fast, schema] =
      value.schema === 'hrv.v1' ? [fastHrvV1, hrvV1Schema] : [fastSleepV1, sleepV1Schema];
    expect(fast(value as JsonObject)).not.toBeUndefined();
    expect(agrees(fast, schema, value)).toBe(true);
  };

  it("for the benchmark's readings", () => {
    for (const m of benchReadings(2_000, benchSubjects(50, 'fast'))) expectFast(JSON.parse(m.value));
  });

  it("for the simulator's readings (time zones, DST, RR-only and SDNN-only devices)", () => {
    const sim = simulateCohort({ people: 30, days: 30, seed: 5, endDateMs: Date.UTC(2026, 10, 20) });
    expect(sim.messages.length).toBeGreaterThan(1_000);
    for (const m of sim.messages) expectFast(JSON.parse(m.value));
  });

  it('for the decoder fixtures, with optional fields sent, null or left out', () => {
    const hrvMeasures = {
      windowSeconds: 300,
      context: 'sleep',
      rmssdMs: 42.1,
      sdnnMs: 55,
      rrIntervalsMs: null,
    };
    const sleepDetails = {
      stagesMin: { light: 212, deep: 64, rem: null },
      efficiency: 0.91,
      avgSdnnMs: 60.2,
    };
    for (const over of [
      {},
      { deviceId: 'ring-2', restingHrBpm: 54 },
      { deviceId: null, restingHrBpm: null },
      { readingId: '3B0D7F1E-2C4A-4E8B-9A6D-5F1C2E3D4B5A', subjectId: 'ξ-subject', deviceId: 'Ring 😀' },
    ]) {
      expectFast(hrv(over));
      expectFast(hrv({ ...over, ...hrvMeasures }));
      expectFast(sleep(over));
      expectFast(sleep({ ...over, ...sleepDetails }));
    }
  });

  it('so decoding a valid reading never runs zod', () => {
    const hrvParse = jest.spyOn(hrvV1Schema, 'safeParse');
    const sleepParse = jest.spyOn(sleepV1Schema, 'safeParse');
    try {
      expect(decodeObject('hrv', hrv()).ok).toBe(true);
      expect(decodeObject('sleep', sleep({ stagesMin: { deep: 64 } })).ok).toBe(true);
      expect(hrvParse).not.toHaveBeenCalled();
      expect(sleepParse).not.toHaveBeenCalled();
      // while an invalid one still gets zod's precise error
      expect(decodeObject('hrv', hrv({ rmssdMs: 301 })).ok).toBe(false);
      expect(hrvParse).toHaveBeenCalledTimes(1);
    } finally {
      hrvParse.mockRestore();
      sleepParse.mockRestore();
    }
  });
});
