import { validateHrvV1, validateSleepV1 } from './canonical.validate';
import type { JsonObject } from './reading.types';

const clock = { nowMs: Date.parse('2026-11-22T12:00:00Z'), maxFutureMs: 24 * 3600 * 1000 };
const hrv = (over: JsonObject = {}): JsonObject => ({
  schema: 'hrv.v1',
  readingId: '3B0D7F1E-2C4A-4E8B-9A6D-5F1C2E3D4B5A',
  subjectId: 'subject-7f3a',
  deviceId: 'ring-2',
  source: 'oura',
  measuredAt: '2026-11-20T03:10:00+01:00',
  windowSeconds: 300,
  context: 'sleep',
  rmssdMs: 42.1,
  sdnnMs: 55,
  rrIntervalsMs: [812, 790, 805.5],
  restingHrBpm: 54,
  ...over,
});
const sleep = (over: JsonObject = {}): JsonObject => ({
  schema: 'sleep.v1',
  readingId: '3b0d7f1e-2c4a-4e8b-9a6d-5f1c2e3d4b5a',
  subjectId: 'subject-7f3a',
  source: 'garmin',
  startAt: '2026-11-19T23:05:00+01:00',
  endAt: '2026-11-20T06:47:00-05:00',
  isMainSleep: true,
  stagesMin: { awake: 31, light: 212, deep: 64, rem: 98 },
  efficiency: 0.91,
  restingHrBpm: 52,
  avgRmssdMs: 47.3,
  avgSdnnMs: 60.2,
  ...over,
});
const rejected = (code: string, path: string) => ({
  ok: false,
  error: expect.objectContaining({ code, path }),
});

describe('validateHrvV1', () => {
  it('builds the reading field by field', () => {
    expect(validateHrvV1(hrv({ unknownExtra: { nested: true } }), clock)).toEqual({
      ok: true,
      reading: {
        kind: 'hrv',
        readingId: '3b0d7f1e-2c4a-4e8b-9a6d-5f1c2e3d4b5a',
        subjectId: 'subject-7f3a',
        deviceId: 'ring-2',
        source: 'oura',
        measuredAt: '2026-11-20T03:10:00+01:00',
        measuredAtMs: Date.UTC(2026, 10, 20, 2, 10),
        utcOffsetMinutes: 60,
        windowSeconds: 300,
        context: 'sleep',
        rmssdMs: 42.1,
        sdnnMs: 55,
        rrIntervalsMs: [812, 790, 805.5],
        restingHrBpm: 54,
      },
    });
  });

  it('treats null optional fields as absent and defaults context to unknown', () => {
    const r = validateHrvV1(hrv({ deviceId: null, context: null, sdnnMs: null, rrIntervalsMs: null }), clock);
    expect(r.ok && r.reading).toEqual(
      expect.objectContaining({ kind: 'hrv', context: 'unknown', rmssdMs: 42.1 }),
    );
    const minimal = hrv();
    for (const k of ['deviceId', 'windowSeconds', 'context', 'sdnnMs', 'rrIntervalsMs', 'restingHrBpm']) {
      delete minimal[k];
    }
    const m = validateHrvV1(minimal, clock);
    expect(m.ok && Object.keys(m.reading).sort()).toEqual([
      'context',
      'kind',
      'measuredAt',
      'measuredAtMs',
      'readingId',
      'rmssdMs',
      'source',
      'subjectId',
      'utcOffsetMinutes',
    ]);
    expect(m.ok && m.reading.kind === 'hrv' && m.reading.context).toBe('unknown');
  });

  it('accepts RR intervals alone as the measure, but not an empty RR array', () => {
    expect(validateHrvV1(hrv({ rmssdMs: null, sdnnMs: null }), clock).ok).toBe(true);
    expect(validateHrvV1(hrv({ rmssdMs: null, sdnnMs: null, rrIntervalsMs: [] }), clock)).toEqual(
      rejected('MEASURE_MISSING', ''),
    );
  });

  it.each([
    [{ rmssdMs: 300.01 }, 'OUT_OF_RANGE', 'rmssdMs'],
    [{ sdnnMs: 0.5 }, 'OUT_OF_RANGE', 'sdnnMs'],
    [{ rrIntervalsMs: [800, 2501] }, 'OUT_OF_RANGE', 'rrIntervalsMs[1]'],
    [{ rrIntervalsMs: [249.9] }, 'OUT_OF_RANGE', 'rrIntervalsMs[0]'],
    [{ restingHrBpm: 24 }, 'OUT_OF_RANGE', 'restingHrBpm'],
    [{ windowSeconds: 0 }, 'OUT_OF_RANGE', 'windowSeconds'],
    [{ rrIntervalsMs: new Array(20_001).fill(800) }, 'ARRAY_TOO_LONG', 'rrIntervalsMs'],
    [{ rrIntervalsMs: [800, '810'] }, 'SCHEMA_INVALID', 'rrIntervalsMs[1]'],
    [{ context: 'awake' }, 'SCHEMA_INVALID', 'context'],
    [{ source: 'OURA' }, 'SCHEMA_INVALID', 'source'],
    [{ subjectId: 42 }, 'SCHEMA_INVALID', 'subjectId'],
    [{ subjectId: '' }, 'INVALID_IDENTIFIER', 'subjectId'],
    [{ deviceId: 'ring\u2066' }, 'INVALID_IDENTIFIER', 'deviceId'],
    [{ readingId: '3b0d7f1e2c4a4e8b9a6d5f1c2e3d4b5a' }, 'INVALID_IDENTIFIER', 'readingId'],
    [{ measuredAt: '2026-11-20T03:10:00' }, 'TIMESTAMP_INVALID', 'measuredAt'],
    [{ measuredAt: '2026-04-31T03:10:00Z' }, 'TIMESTAMP_INVALID', 'measuredAt'],
    [{ measuredAt: '2026-11-23T12:00:01Z' }, 'TIMESTAMP_IN_FUTURE', 'measuredAt'],
    [{ measuredAt: '1999-12-31T23:59:59Z' }, 'TIMESTAMP_TOO_OLD', 'measuredAt'],
  ] as Array<[JsonObject, string, string]>)('rejects %j with %s at %s', (over, code, path) => {
    expect(validateHrvV1(hrv(over), clock)).toEqual(rejected(code, path));
  });

  it('allows the configured clock skew into the future', () => {
    expect(validateHrvV1(hrv({ measuredAt: '2026-11-23T12:00:00Z' }), clock).ok).toBe(true);
    expect(validateHrvV1(hrv({ measuredAt: '2026-11-22T12:00:01Z' }), { ...clock, maxFutureMs: 0 })).toEqual(
      rejected('TIMESTAMP_IN_FUTURE', 'measuredAt'),
    );
  });
});

describe('validateSleepV1', () => {
  it('builds the reading field by field, offset taken from endAt', () => {
    expect(validateSleepV1(sleep({ extra: 'ignored' }), clock)).toEqual({
      ok: true,
      reading: {
        kind: 'sleep',
        readingId: '3b0d7f1e-2c4a-4e8b-9a6d-5f1c2e3d4b5a',
        subjectId: 'subject-7f3a',
        source: 'garmin',
        startAt: '2026-11-19T23:05:00+01:00',
        startAtMs: Date.UTC(2026, 10, 19, 22, 5),
        endAt: '2026-11-20T06:47:00-05:00',
        endAtMs: Date.UTC(2026, 10, 20, 11, 47),
        utcOffsetMinutes: -300,
        isMainSleep: true,
        stagesMin: { awake: 31, light: 212, deep: 64, rem: 98 },
        efficiency: 0.91,
        restingHrBpm: 52,
        avgRmssdMs: 47.3,
        avgSdnnMs: 60.2,
      },
    });
  });

  it('keeps only the stages that were sent', () => {
    const r = validateSleepV1(sleep({ stagesMin: { deep: 64, rem: null } }), clock);
    expect(r.ok && r.reading.kind === 'sleep' && r.reading.stagesMin).toEqual({ deep: 64 });
  });

  it.each([
    [{ endAt: '2026-11-19T23:05:00+01:00' }, 'SLEEP_ENDS_BEFORE_START', 'endAt'],
    [{ endAt: '2026-11-19T21:00:00Z' }, 'SLEEP_ENDS_BEFORE_START', 'endAt'],
    [{ endAt: '2026-11-20T23:05:01+01:00' }, 'OUT_OF_RANGE', 'endAt'],
    [{ efficiency: 1.01 }, 'OUT_OF_RANGE', 'efficiency'],
    [{ efficiency: -0.1 }, 'OUT_OF_RANGE', 'efficiency'],
    [{ stagesMin: { rem: -1 } }, 'OUT_OF_RANGE', 'stagesMin.rem'],
    [{ stagesMin: { light: 1441 } }, 'OUT_OF_RANGE', 'stagesMin.light'],
    [{ stagesMin: { light: 700, deep: 200 } }, 'OUT_OF_RANGE', 'stagesMin'],
    [{ avgRmssdMs: 301 }, 'OUT_OF_RANGE', 'avgRmssdMs'],
    [{ restingHrBpm: 221 }, 'OUT_OF_RANGE', 'restingHrBpm'],
    [{ isMainSleep: 'yes' }, 'SCHEMA_INVALID', 'isMainSleep'],
    [{ isMainSleep: undefined }, 'SCHEMA_INVALID', 'isMainSleep'],
    [{ startAt: '2026-11-19T23:05:00+01:00Z' }, 'TIMESTAMP_INVALID', 'startAt'],
    [{ startAt: '1999-12-31T22:00:00Z', endAt: '2000-01-01T06:00:00Z' }, 'TIMESTAMP_TOO_OLD', 'startAt'],
    [{ startAt: '2026-11-23T10:00:00Z', endAt: '2026-11-23T13:00:00Z' }, 'TIMESTAMP_IN_FUTURE', 'endAt'],
  ] as Array<[JsonObject, string, string]>)('rejects %j with %s at %s', (over, code, path) => {
    expect(validateSleepV1(sleep(over), clock)).toEqual(rejected(code, path));
  });
});
