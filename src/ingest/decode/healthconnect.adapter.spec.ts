import { decodeObject, KEY, nowMs, rejected } from './decode.fixtures';
import { decodeReading } from './decode-reading';
import { MAX_SLEEP_STAGES } from './healthconnect.adapter';
import { vendorReadingId } from './name-based-uuid';
import type { TopicKind } from './reading.types';

const decode = decodeObject;

const metadata = {
  id: 'a5c1d7e0-hc',
  dataOrigin: { packageName: 'com.ouraring.oura' },
  device: { model: 'Ring 4' },
};
const rmssd = (over: Record<string, unknown> = {}) => ({
  recordType: 'HeartRateVariabilityRmssdRecord',
  time: '2026-11-20T02:10:00Z',
  zoneOffset: '+01:00',
  heartRateVariabilityMillis: 38.5,
  metadata,
  ...over,
});
const stage = (from: string, to: string, code: number | string) => ({
  startTime: `2026-11-${from}Z`,
  endTime: `2026-11-${to}Z`,
  stage: code,
});
const session = (over: Record<string, unknown> = {}) => ({
  recordType: 'SleepSessionRecord',
  startTime: '2026-11-19T22:00:00Z',
  endTime: '2026-11-20T06:00:00Z',
  startZoneOffset: 3600,
  endZoneOffset: 3600,
  title: 'free text that must not be kept',
  stages: [
    stage('19T22:00:00', '19T22:20:00', 7),
    stage('19T22:20:00', '20T01:00:00', 4),
    stage('20T01:00:00', '20T02:00:00', 'STAGE_TYPE_SLEEPING_DEEP'),
    stage('20T02:00:00', '20T02:10:00', 1),
    stage('20T02:10:00', '20T03:40:00', 6),
    stage('20T03:40:00', '20T03:45:00', 3),
    stage('20T03:45:00', '20T06:00:00', 2),
  ],
  metadata: { ...metadata, dataOrigin: 'com.sec.android.app.shealth' },
  ...over,
});

const resting = (over: Record<string, unknown> = {}) => ({
  recordType: 'RestingHeartRateRecord',
  time: '2026-11-20T05:50:00Z',
  zoneOffset: '+01:00',
  beatsPerMinute: 49,
  metadata,
  ...over,
});

describe('healthConnectAdapter', () => {
  it('maps a RestingHeartRateRecord to restingHrBpm in the record zone offset', () => {
    expect(decode('hrv', resting())).toEqual({
      ok: true,
      reading: expect.objectContaining({
        restingHrBpm: 49,
        context: 'rest',
        measuredAt: '2026-11-20T06:50:00+01:00',
      }),
    });
  });

  it('maps an RMSSD record to its canonical equivalent, in the record zone offset', () => {
    const readingId = vendorReadingId('healthconnect', 'a5c1d7e0-hc');
    const canonical = decode('hrv', {
      schema: 'hrv.v1',
      readingId,
      subjectId: KEY,
      source: 'oura',
      measuredAt: '2026-11-20T03:10:00+01:00',
      context: 'unknown',
      rmssdMs: 38.5,
    });
    expect(decode('hrv', rmssd())).toEqual(canonical);
    expect(canonical).toEqual({
      ok: true,
      reading: {
        kind: 'hrv',
        readingId,
        subjectId: KEY,
        source: 'oura',
        measuredAt: '2026-11-20T03:10:00+01:00',
        measuredAtMs: Date.UTC(2026, 10, 20, 2, 10),
        utcOffsetMinutes: 60,
        context: 'unknown',
        rmssdMs: 38.5,
      },
    });
  });

  it('reads zone offsets in seconds, falls back to the instant offset, and to healthconnect as source', () => {
    const secs = decode('hrv', rmssd({ zoneOffset: -18000, recordType: undefined }));
    expect(secs.ok && secs.reading).toEqual(
      expect.objectContaining({ measuredAt: '2026-11-19T21:10:00-05:00', utcOffsetMinutes: -300 }),
    );
    const none = decode(
      'hrv',
      rmssd({
        zoneOffset: null,
        metadata: { id: 'x', dataOrigin: { packageName: 'com.google.android.apps.fitness' } },
      }),
    );
    expect(none.ok && none.reading).toEqual(
      expect.objectContaining({
        measuredAt: '2026-11-20T02:10:00Z',
        utcOffsetMinutes: 0,
        source: 'healthconnect',
      }),
    );
  });

  it('maps a sleep session with stages to minutes per stage', () => {
    expect(decode('sleep', session())).toEqual({
      ok: true,
      reading: {
        kind: 'sleep',
        readingId: vendorReadingId('healthconnect', 'a5c1d7e0-hc'),
        subjectId: KEY,
        source: 'samsung',
        startAt: '2026-11-19T23:00:00+01:00',
        startAtMs: Date.UTC(2026, 10, 19, 22),
        endAt: '2026-11-20T07:00:00+01:00',
        endAtMs: Date.UTC(2026, 10, 20, 6),
        utcOffsetMinutes: 60,
        isMainSleep: true,
        stagesMin: { awake: 35, light: 160, deep: 60, rem: 90 },
      },
    });
  });

  it('takes a short session without stages as a nap', () => {
    const nap = decode('sleep', session({ endTime: '2026-11-19T23:00:00Z', stages: [] }));
    expect(nap.ok && nap.reading).toEqual(expect.objectContaining({ isMainSleep: false }));
    expect(nap.ok && nap.reading.kind === 'sleep' && nap.reading.stagesMin).toBeUndefined();
  });

  const tooManyStages = Array.from({ length: MAX_SLEEP_STAGES + 1 }, () =>
    stage('19T22:00:00', '19T22:00:30', 4),
  );
  it.each([
    ['hrv', rmssd({ heartRateVariabilityMillis: 0 }), 'OUT_OF_RANGE', 'heartRateVariabilityMillis'],
    ['hrv', rmssd({ heartRateVariabilityMillis: '38' }), 'SCHEMA_INVALID', 'heartRateVariabilityMillis'],
    ['hrv', rmssd({ zoneOffset: '+25:00' }), 'TIMESTAMP_INVALID', 'zoneOffset'],
    ['hrv', rmssd({ time: '2026-11-20T02:10:00' }), 'TIMESTAMP_INVALID', 'time'],
    ['hrv', rmssd({ time: '2027-11-20T02:10:00Z' }), 'TIMESTAMP_IN_FUTURE', 'time'],
    ['hrv', rmssd({ metadata: { dataOrigin: 'com.ouraring.oura' } }), 'SCHEMA_INVALID', 'metadata.id'],
    ['hrv', rmssd({ recordType: 'HeartRateRecord' }), 'NOT_MAPPED', 'recordType'],
    ['hrv', rmssd({ recordType: 'StepsRecord' }), 'UNKNOWN_SHAPE', 'recordType'],
    [
      'sleep',
      { startTime: '2026-11-19T22:00:00Z', endTime: '2026-11-20T06:00:00Z', samples: [], metadata },
      'NOT_MAPPED',
      'samples',
    ],
    ['sleep', resting(), 'UNKNOWN_SHAPE', 'beatsPerMinute'],
    ['hrv', resting({ beatsPerMinute: 12 }), 'OUT_OF_RANGE', 'beatsPerMinute'],
    ['sleep', rmssd(), 'UNKNOWN_SHAPE', 'heartRateVariabilityMillis'],
    ['hrv', session(), 'UNKNOWN_SHAPE', 'startTime'],
    ['sleep', session({ recordType: 'ExerciseSessionRecord' }), 'UNKNOWN_SHAPE', 'recordType'],
    ['sleep', session({ endTime: '2026-11-19T21:00:00Z' }), 'SLEEP_ENDS_BEFORE_START', 'endTime'],
    ['sleep', session({ endTime: '2026-11-21T06:00:00Z' }), 'OUT_OF_RANGE', 'endTime'],
    ['sleep', session({ endZoneOffset: 'CET' }), 'TIMESTAMP_INVALID', 'endZoneOffset'],
    [
      'sleep',
      session({ stages: [stage('19T22:00:00', '19T22:20:00', 9)] }),
      'SCHEMA_INVALID',
      'stages[0].stage',
    ],
    [
      'sleep',
      session({ stages: [stage('19T23:00:00', '19T22:20:00', 4)] }),
      'SLEEP_ENDS_BEFORE_START',
      'stages[0].endTime',
    ],
    ['sleep', session({ stages: [stage('19T22:00:00', '20T20:00:00', 4)] }), 'OUT_OF_RANGE', 'stages'],
  ] as Array<[TopicKind, unknown, string, string]>)(
    'rejects (%s) case %# with %s at %s',
    (topic, value, code, path) => {
      expect(decode(topic, value)).toEqual(rejected(code, path));
    },
  );

  it('caps the number of stages', () => {
    const value = Buffer.from(JSON.stringify(session({ stages: tooManyStages })));
    expect(decodeReading('sleep', KEY, value, { nowMs, maxBytes: 4 * 1024 * 1024 })).toEqual(
      rejected('ARRAY_TOO_LONG', 'stages'),
    );
  });

  it('needs the key as subject', () => {
    expect(decode('sleep', session(), null)).toEqual(rejected('SCHEMA_INVALID', 'key'));
  });
});
