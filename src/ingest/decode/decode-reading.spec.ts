import { decode, hrv, json, nowMs, SUBJECT, sleep } from './decode.fixtures';
import { decodeReading } from './decode-reading';
import { type DecodeResult, REJECT_CODES, type RejectCode, type TopicKind } from './reading.types';

describe('decodeReading', () => {
  it('decodes a valid canonical hrv.v1 and sleep.v1 message', () => {
    expect(decode('hrv', SUBJECT, json(hrv()))).toEqual({
      ok: true,
      reading: expect.objectContaining({ kind: 'hrv', subjectId: SUBJECT, rrIntervalsMs: [812, 790, 805] }),
    });
    expect(decode('sleep', null, json(sleep()))).toEqual({
      ok: true,
      reading: expect.objectContaining({ kind: 'sleep', isMainSleep: false, utcOffsetMinutes: 60 }),
    });
  });

  const cases: Array<[RejectCode, TopicKind, string | null, Buffer | null, string]> = [
    ['TOMBSTONE', 'hrv', SUBJECT, null, ''],
    ['TOO_LARGE', 'hrv', SUBJECT, json(hrv({ pad: 'x'.repeat(300_000) })), ''],
    ['MALFORMED_JSON', 'hrv', SUBJECT, Buffer.from('{"schema":"hrv.v1",'), ''],
    ['NOT_AN_OBJECT', 'sleep', SUBJECT, json([sleep()]), ''],
    ['NESTING_TOO_DEEP', 'hrv', SUBJECT, json(hrv({ a: [[[[[[[[1]]]]]]]] })), ''],
    ['FORBIDDEN_KEY', 'hrv', SUBJECT, Buffer.from('{"a":{"__proto__":{}}}'), 'a.__proto__'],
    ['NOT_FINITE', 'hrv', SUBJECT, Buffer.from('{"restingHrBpm":-2e308}'), 'restingHrBpm'],
    ['SCHEMA_INVALID', 'sleep', SUBJECT, json(sleep({ isMainSleep: 1 })), 'isMainSleep'],
    ['INVALID_IDENTIFIER', 'hrv', null, json(hrv({ subjectId: 'x\u2068y' })), 'subjectId'],
    ['KEY_MISMATCH', 'sleep', 'other', json(sleep()), 'subjectId'],
    ['OUT_OF_RANGE', 'hrv', SUBJECT, json(hrv({ restingHrBpm: 20 })), 'restingHrBpm'],
    [
      'ARRAY_TOO_LONG',
      'hrv',
      SUBJECT,
      json(hrv({ rrIntervalsMs: new Array(20_001).fill(900) })),
      'rrIntervalsMs',
    ],
    ['TIMESTAMP_INVALID', 'sleep', SUBJECT, json(sleep({ endAt: '2026-11-31T06:00:00Z' })), 'endAt'],
    [
      'TIMESTAMP_IN_FUTURE',
      'sleep',
      SUBJECT,
      json(sleep({ startAt: '2026-11-23T23:00:00Z', endAt: '2026-11-24T06:00:00Z' })),
      'endAt',
    ],
    [
      'TIMESTAMP_TOO_OLD',
      'hrv',
      SUBJECT,
      json(hrv({ measuredAt: '1999-12-31T23:59:59.999Z' })),
      'measuredAt',
    ],
    [
      'SLEEP_ENDS_BEFORE_START',
      'sleep',
      SUBJECT,
      json(sleep({ endAt: '2026-11-19T23:05:00+01:00' })),
      'endAt',
    ],
    ['UNKNOWN_SHAPE', 'hrv', SUBJECT, json(hrv({ schema: 'hrv.v2' })), 'schema'],
    ['MEASURE_MISSING', 'hrv', SUBJECT, json(hrv({ rrIntervalsMs: null, restingHrBpm: 50 })), ''],
    ['RR_UNUSABLE', 'hrv', SUBJECT, json(hrv({ rrIntervalsMs: [812] })), 'rrIntervalsMs'],
    [
      'NOT_MAPPED',
      'hrv',
      SUBJECT,
      json({ resourceType: 'Observation', status: 'preliminary', code: {} }),
      'status',
    ],
  ];
  it('has a case for every rejection code', () => {
    expect(new Set(cases.map(([code]) => code))).toEqual(new Set(REJECT_CODES));
  });
  it.each(cases)('rejects with %s', (code, topic, key, value, path) => {
    expect(decode(topic, key, value)).toEqual({ ok: false, error: expect.objectContaining({ code, path }) });
  });

  it('honours maxBytes and maxFutureMs options', () => {
    expect(decodeReading('hrv', SUBJECT, json(hrv()), { nowMs, maxBytes: 100 })).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'TOO_LARGE' }),
    });
    const soon = json(hrv({ measuredAt: '2026-11-22T12:30:00Z' }));
    expect(decodeReading('hrv', SUBJECT, soon, { nowMs, maxFutureMs: 60_000 }).ok).toBe(false);
    expect(decodeReading('hrv', SUBJECT, soon, { nowMs }).ok).toBe(true);
  });

  it('never throws even when misused from plain JavaScript', () => {
    const misuse = decodeReading as unknown as (...args: unknown[]) => DecodeResult;
    expect(misuse('bogus', 42, 'not a buffer', {}).ok).toBe(false);
    expect(misuse('hrv', SUBJECT, json(hrv()), undefined).ok).toBe(false);
  });
});
