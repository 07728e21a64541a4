// Deterministic hostile and broken messages with the rejection each must get. Unit tests decode
// them; integration tests produce them to the real Kafka topics and expect them on the DLQ.
// Expectations hold for any clock from HOSTILE_CORPUS_NOW_MS on (far future is the year 2999).
import type { RejectCode, TopicKind } from './reading.types';

export interface HostileCase {
  name: string;
  topicKind: TopicKind;
  key: string | null;
  value: Buffer | null;
  expectCode: RejectCode;
  expectPath?: string;
}

export const HOSTILE_CORPUS_NOW_MS = Date.parse('2026-11-22T12:00:00Z');

const SUBJECT = 'subject-7f3a';
const READING_ID = '3b0d7f1e-2c4a-4e8b-9a6d-5f1c2e3d4b5a';
const json = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8');
const hrv = (over: Record<string, unknown> = {}) => ({
  schema: 'hrv.v1',
  readingId: READING_ID,
  subjectId: SUBJECT,
  source: 'oura',
  measuredAt: '2026-11-20T03:10:00+01:00',
  context: 'sleep',
  rmssdMs: 42.1,
  ...over,
});
const sleep = (over: Record<string, unknown> = {}) => ({
  schema: 'sleep.v1',
  readingId: READING_ID,
  subjectId: SUBJECT,
  source: 'garmin',
  startAt: '2026-11-19T23:05:00+01:00',
  endAt: '2026-11-20T06:47:00+01:00',
  isMainSleep: true,
  ...over,
});
const withoutField = (o: Record<string, unknown>, field: string) =>
  Object.fromEntries(Object.entries(o).filter(([k]) => k !== field));
const H = 'hrv' as const;
const S = 'sleep' as const;
const K = SUBJECT;
const entry = (
  name: string,
  topicKind: TopicKind,
  key: string | null,
  value: Buffer | null,
  expectCode: RejectCode,
  expectPath?: string,
): HostileCase => ({
  name,
  topicKind,
  key,
  value,
  expectCode,
  ...(expectPath === undefined ? {} : { expectPath }),
});
const hkSdnn = {
  type: 'HKQuantityTypeIdentifierHeartRateVariabilitySDNN',
  uuid: '5E1B7C0A-8E55-4F7B-9C1D-2A3B4C5D6E7F',
  startDate: '2026-11-20 03:10:00 +0100',
  endDate: '2026-11-20 03:11:00 +0100',
  value: 48.2,
  unit: 'ms',
};
const hcRmssd = {
  time: '2026-11-20T02:10:00Z',
  heartRateVariabilityMillis: 38.5,
  metadata: { id: 'hc-1', dataOrigin: { packageName: 'com.ouraring.oura' } },
};
const invalidUtf8 = Buffer.concat([Buffer.from('{"x":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
const deepArrays = Buffer.from(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
const deepObjects = Buffer.from(`${'{"a":'.repeat(9)}1${'}'.repeat(9)}`);
const manyRr = Array.from({ length: 30_000 }, (_, i) => 800 + (i % 50));
const raw = (text: string) => Buffer.from(text, 'utf8');
const rrOverflow = '42,"rrIntervalsMs":[800,-1e999]';
const validHrvText = JSON.stringify(hrv());
const rest = validHrvText.slice(1);
type Over = Record<string, unknown>;
/** A canonical hrv.v1 / sleep.v1 case: the valid base with `over` applied. */
const h = (name: string, over: Over, code: RejectCode, path: string, key: string | null = K) =>
  entry(name, H, key, json(hrv(over)), code, path);
const s = (name: string, over: Over, code: RejectCode, path: string, key: string | null = K) =>
  entry(name, S, key, json(sleep(over)), code, path);

export const HOSTILE_CORPUS: readonly HostileCase[] = [
  entry('tombstone', H, K, null, 'TOMBSTONE', ''),
  h('2 MB message', { padding: 'x'.repeat(2 * 1024 * 1024) }, 'TOO_LARGE', ''),
  entry('truncated JSON', H, K, raw(validHrvText.slice(0, 60)), 'MALFORMED_JSON', ''),
  entry('empty value', H, K, Buffer.alloc(0), 'MALFORMED_JSON', ''),
  entry('invalid UTF-8', H, K, invalidUtf8, 'MALFORMED_JSON', ''),
  entry('JSON string', H, K, json('hrv.v1'), 'NOT_AN_OBJECT', ''),
  entry('JSON array', H, K, json([hrv()]), 'NOT_AN_OBJECT', ''),
  entry('JSON number', S, K, json(42), 'NOT_AN_OBJECT', ''),
  entry('JSON null', S, K, raw('null'), 'NOT_AN_OBJECT', ''),
  entry('100k-deep nesting bomb', H, K, deepArrays, 'NESTING_TOO_DEEP', ''),
  entry('objects nested 9 deep', H, K, deepObjects, 'NESTING_TOO_DEEP', ''),
  entry('__proto__ key', H, K, raw(`{"__proto__":{"polluted":1},${rest}`), 'FORBIDDEN_KEY', '__proto__'),
  entry('escaped __proto__', H, K, raw(`{"\\u005f_proto__":{"x":1},${rest}`), 'FORBIDDEN_KEY', '__proto__'),
  s(
    'nested constructor',
    { stagesMin: { constructor: { prototype: {} } } },
    'FORBIDDEN_KEY',
    'stagesMin.constructor',
  ),
  entry('1e999 overflow', H, K, raw(validHrvText.replace('42.1', '1e999')), 'NOT_FINITE', 'rmssdMs'),
  entry(
    '-1e999 in RR',
    H,
    K,
    raw(validHrvText.replace('42.1', rrOverflow)),
    'NOT_FINITE',
    'rrIntervalsMs[1]',
  ),
  entry('missing readingId', H, K, json(withoutField(hrv(), 'readingId')), 'SCHEMA_INVALID', 'readingId'),
  h('unknown source', { source: 'tricorder' }, 'SCHEMA_INVALID', 'source'),
  h('readingId not a UUID', { readingId: 'reading-1' }, 'INVALID_IDENTIFIER', 'readingId'),
  h(
    'bidi override in subjectId',
    { subjectId: 'subj-\u202Egnp.exe' },
    'INVALID_IDENTIFIER',
    'subjectId',
    null,
  ),
  s('zero-width in subjectId', { subjectId: 'subj\u200B-7f3a' }, 'INVALID_IDENTIFIER', 'subjectId', null),
  h('C1 control in deviceId', { deviceId: 'ring\u0085-1' }, 'INVALID_IDENTIFIER', 'deviceId'),
  h('129-char subjectId', { subjectId: 's'.repeat(129) }, 'INVALID_IDENTIFIER', 'subjectId', null),
  h('key differs from subjectId', {}, 'KEY_MISMATCH', 'subjectId', 'someone-else'),
  h('rmssd of 0 ms', { rmssdMs: 0 }, 'OUT_OF_RANGE', 'rmssdMs'),
  h('RR interval of 3 s', { rrIntervalsMs: [800, 810, 790, 3000] }, 'OUT_OF_RANGE', 'rrIntervalsMs[3]'),
  s('resting HR 300 bpm', { restingHrBpm: 300 }, 'OUT_OF_RANGE', 'restingHrBpm'),
  s('deep sleep 2000 min', { stagesMin: { deep: 2000 } }, 'OUT_OF_RANGE', 'stagesMin.deep'),
  h('30k-entry RR array', { rrIntervalsMs: manyRr }, 'ARRAY_TOO_LONG', 'rrIntervalsMs'),
  h('naive timestamp', { measuredAt: '2026-11-20T03:10:00' }, 'TIMESTAMP_INVALID', 'measuredAt'),
  s('2026-02-30', { startAt: '2026-02-30T23:00:00+01:00' }, 'TIMESTAMP_INVALID', 'startAt'),
  h('year 2999', { measuredAt: '2999-01-01T00:00:00Z' }, 'TIMESTAMP_IN_FUTURE', 'measuredAt'),
  h('year 1970', { measuredAt: '1970-01-01T00:00:00Z' }, 'TIMESTAMP_TOO_OLD', 'measuredAt'),
  s('sleep ends before start', { endAt: '2026-11-19T22:00:00+01:00' }, 'SLEEP_ENDS_BEFORE_START', 'endAt'),
  s('sleep of 30 hours', { startAt: '2026-11-19T00:47:00Z' }, 'OUT_OF_RANGE', 'endAt'),
  entry('no HRV measure', H, K, json(withoutField(hrv(), 'rmssdMs')), 'MEASURE_MISSING', ''),
  entry('unrecognised object', H, K, json({ hello: 'world' }), 'UNKNOWN_SHAPE', ''),
  entry('sleep.v1 on the hrv topic', H, K, json(sleep()), 'UNKNOWN_SHAPE', 'schema'),
  entry('vendor shape without key', H, null, json(hkSdnn), 'SCHEMA_INVALID', 'key'),
  entry('vendor shape, bidi key', H, `${K}\u2066`, json(hcRmssd), 'INVALID_IDENTIFIER', 'key'),
];
