import { decodeObject, KEY, rejected } from './decode.fixtures';
import { vendorReadingId } from './name-based-uuid';
import type { TopicKind } from './reading.types';

const decode = decodeObject;

const sdnn = (over: Record<string, unknown> = {}) => ({
  type: 'HKQuantityTypeIdentifierHeartRateVariabilitySDNN',
  uuid: '5E1B7C0A-8E55-4F7B-9C1D-2A3B4C5D6E7F',
  startDate: '2026-11-20 03:10:00 +0100',
  endDate: '2026-11-20 03:11:00 +0100',
  value: 48.2,
  unit: 'ms',
  sourceName: "Anna's Apple Watch",
  device: '<<HKDevice: 0x600>, name:Apple Watch, model:Watch, hardware:Watch6,2>',
  ...over,
});
const sleepSample = (over: Record<string, unknown> = {}) => ({
  type: 'HKCategoryTypeIdentifierSleepAnalysis',
  uuid: 'C0FFEE00-0000-4000-8000-000000000001',
  startDate: '2026-11-19T23:05:00+01:00',
  endDate: '2026-11-20T06:47:00+01:00',
  value: 'HKCategoryValueSleepAnalysisInBed',
  sourceName: 'Oura',
  ...over,
});

describe('healthKitAdapter', () => {
  it('maps an HRV SDNN sample to sdnnMs, never rmssdMs, equal to its canonical form', () => {
    const readingId = vendorReadingId('healthkit', '5E1B7C0A-8E55-4F7B-9C1D-2A3B4C5D6E7F');
    const canonical = decode('hrv', {
      schema: 'hrv.v1',
      readingId,
      subjectId: KEY,
      source: 'apple',
      measuredAt: '2026-11-20T03:10:00+01:00',
      windowSeconds: 60,
      context: 'unknown',
      sdnnMs: 48.2,
    });
    const vendor = decode('hrv', sdnn());
    expect(vendor).toEqual(canonical);
    expect(vendor).toEqual({
      ok: true,
      reading: {
        kind: 'hrv',
        readingId,
        subjectId: KEY,
        source: 'apple',
        measuredAt: '2026-11-20T03:10:00+01:00',
        measuredAtMs: Date.UTC(2026, 10, 20, 2, 10),
        utcOffsetMinutes: 60,
        windowSeconds: 60,
        context: 'unknown',
        sdnnMs: 48.2,
      },
    });
  });

  it('converts seconds, accepts numeric strings and ISO dates, and names the writing vendor', () => {
    const r = decode(
      'hrv',
      sdnn({ value: '0.0482', unit: 's', startDate: '2026-11-20T02:10:00Z', sourceName: 'WHOOP' }),
    );
    expect(r.ok && r.reading).toEqual(
      expect.objectContaining({
        sdnnMs: 48.2,
        source: 'whoop',
        measuredAt: '2026-11-20T02:10:00Z',
        windowSeconds: 60,
      }),
    );
  });

  it('gives a re-delivered sample the same readingId and another sample another one', () => {
    const a = decode('hrv', sdnn());
    const b = decode('hrv', sdnn({ value: 50 }));
    const c = decode('hrv', sdnn({ uuid: 'another-sample' }));
    expect(a.ok && b.ok && a.reading.readingId === b.reading.readingId).toBe(true);
    expect(a.ok && c.ok && a.reading.readingId !== c.reading.readingId).toBe(true);
  });

  it('maps an inBed session sample to a sleep reading without stages', () => {
    expect(decode('sleep', sleepSample())).toEqual({
      ok: true,
      reading: {
        kind: 'sleep',
        readingId: vendorReadingId('healthkit', 'C0FFEE00-0000-4000-8000-000000000001'),
        subjectId: KEY,
        source: 'oura',
        startAt: '2026-11-19T23:05:00+01:00',
        startAtMs: Date.UTC(2026, 10, 19, 22, 5),
        endAt: '2026-11-20T06:47:00+01:00',
        endAtMs: Date.UTC(2026, 10, 20, 5, 47),
        utcOffsetMinutes: 60,
        isMainSleep: true,
      },
    });
  });

  it.each(['asleepUnspecified', 'HKCategoryValueSleepAnalysisAsleep', 1, 0])(
    'treats %j as a session',
    (value) => {
      const nap = decode(
        'sleep',
        sleepSample({ value, endDate: '2026-11-20T00:05:00+01:00', sourceName: null }),
      );
      expect(nap.ok && nap.reading).toEqual(expect.objectContaining({ isMainSleep: false, source: 'apple' }));
    },
  );

  it.each([
    ['hrv', sdnn({ value: 400 }), 'OUT_OF_RANGE', 'value'],
    ['hrv', sdnn({ value: '4e2' }), 'SCHEMA_INVALID', 'value'],
    ['hrv', sdnn({ unit: 'count/min' }), 'SCHEMA_INVALID', 'unit'],
    ['hrv', sdnn({ uuid: undefined }), 'SCHEMA_INVALID', 'uuid'],
    ['hrv', sdnn({ startDate: '2026-11-20 03:10:00' }), 'TIMESTAMP_INVALID', 'startDate'],
    ['hrv', sdnn({ endDate: '2026-11-20 03:09:00 +0100' }), 'TIMESTAMP_INVALID', 'endDate'],
    ['hrv', sdnn({ endDate: '2026-11-22 03:11:00 +0100' }), 'OUT_OF_RANGE', 'endDate'],
    [
      'hrv',
      sdnn({ startDate: '2030-01-01 00:00:00 +0000', endDate: '2030-01-01 00:01:00 +0000' }),
      'TIMESTAMP_IN_FUTURE',
      'startDate',
    ],
    ['sleep', sdnn(), 'UNKNOWN_SHAPE', 'type'],
    ['hrv', sleepSample(), 'UNKNOWN_SHAPE', 'type'],
    ['hrv', sdnn({ type: 'HKQuantityTypeIdentifierRestingHeartRate' }), 'SCHEMA_INVALID', 'unit'],
    ['hrv', sdnn({ type: 'HKQuantityTypeIdentifierHeartRate', unit: 'count/min' }), 'NOT_MAPPED', 'type'],
    ['hrv', sdnn({ type: 'HKQuantityTypeIdentifierStepCount' }), 'UNKNOWN_SHAPE', 'type'],
    ['sleep', sleepSample({ value: 'HKCategoryValueSleepAnalysisAsleepDeep' }), 'NOT_MAPPED', 'value'],
    ['sleep', sleepSample({ value: 3 }), 'NOT_MAPPED', 'value'],
    ['sleep', sleepSample({ value: 'dreaming' }), 'SCHEMA_INVALID', 'value'],
    ['sleep', sleepSample({ endDate: '2026-11-19T22:00:00+01:00' }), 'SLEEP_ENDS_BEFORE_START', 'endDate'],
  ] as Array<[TopicKind, unknown, string, string]>)(
    'rejects (%s) %j with %s at %s',
    (topic, value, code, path) => {
      expect(decode(topic, value)).toEqual(rejected(code, path));
    },
  );

  it('maps RestingHeartRate (count/min) to restingHrBpm and HeartRateVariabilityRMSSD to rmssdMs', () => {
    const rhr = decode(
      'hrv',
      sdnn({ type: 'HKQuantityTypeIdentifierRestingHeartRate', value: 53, unit: 'count/min' }),
    );
    expect(rhr).toEqual({
      ok: true,
      reading: expect.objectContaining({ restingHrBpm: 53, context: 'rest' }),
    });
    expect(rhr.ok && rhr.reading.kind === 'hrv' && rhr.reading.sdnnMs).toBeUndefined();
    const rmssd = decode(
      'hrv',
      sdnn({ type: 'HKQuantityTypeIdentifierHeartRateVariabilityRMSSD', value: 0.0391, unit: 's' }),
    );
    expect(rmssd).toEqual({ ok: true, reading: expect.objectContaining({ rmssdMs: 39.1 }) });
    expect(rmssd.ok && rmssd.reading.kind === 'hrv' && rmssd.reading.sdnnMs).toBeUndefined();
  });

  it('needs the key as subject and checks it like a subjectId', () => {
    expect(decode('hrv', sdnn(), null)).toEqual(rejected('SCHEMA_INVALID', 'key'));
    expect(decode('hrv', sdnn(), 'a\u202Eb')).toEqual(rejected('INVALID_IDENTIFIER', 'key'));
  });
});
