import { decodeObject, json, KEY, nowMs, rejected } from './decode.fixtures';
import { decodeMessage } from './decode-reading';
import { bundle, observation, rmssdObservation, sdnnObservation, sleepObservation } from './fhir.fixtures';
import { LOINC, MAX_BUNDLE_ENTRIES, MDC, UCUM } from './fhir.schema';
import { vendorReadingId } from './name-based-uuid';
import type { TopicKind } from './reading.types';

const decode = decodeObject;
const message = (topic: TopicKind, value: unknown, key: string | null = KEY) =>
  decodeMessage(topic, key, json(value), { nowMs });

describe('FHIR R4 Observation', () => {
  it('maps a resting heart rate (LOINC 40443-4) to hrv.v1 restingHrBpm', () => {
    expect(decode('hrv', observation())).toEqual({
      ok: true,
      reading: {
        kind: 'hrv',
        readingId: vendorReadingId('fhir', 'obs-rhr-1'),
        subjectId: KEY,
        source: 'garmin',
        measuredAt: '2026-11-20T03:10:00+01:00',
        measuredAtMs: Date.UTC(2026, 10, 20, 2, 10),
        utcOffsetMinutes: 60,
        context: 'rest',
        restingHrBpm: 52,
      },
    });
  });

  it('keeps SDNN (LOINC 80404-7) and RMSSD apart, and a period becomes the window', () => {
    expect(decode('hrv', sdnnObservation())).toEqual({
      ok: true,
      reading: expect.objectContaining({ sdnnMs: 48.5, windowSeconds: 300 }),
    });
    const sdnn = decode('hrv', sdnnObservation());
    expect(sdnn.ok && sdnn.reading.kind === 'hrv' && sdnn.reading.rmssdMs).toBeUndefined();
    const rmssd = decode(
      'hrv',
      rmssdObservation({ valueQuantity: { value: 0.0412, unit: 's', system: UCUM, code: 's' } }),
    );
    expect(rmssd).toEqual({ ok: true, reading: expect.objectContaining({ rmssdMs: 41.2 }) });
    expect(rmssd.ok && rmssd.reading.kind === 'hrv' && rmssd.reading.sdnnMs).toBeUndefined();
  });

  it('maps a sleep duration over its period: efficiency = duration / period', () => {
    expect(decode('sleep', sleepObservation())).toEqual({
      ok: true,
      reading: expect.objectContaining({
        startAt: '2026-11-19T23:00:00+01:00',
        endAt: '2026-11-20T07:00:00+01:00',
        isMainSleep: true,
        efficiency: 0.9,
      }),
    });
  });

  const HR = { system: LOINC, code: '8867-4', display: 'Heart rate' };
  it.each([
    ['hrv', observation({ status: 'preliminary' }), 'NOT_MAPPED', 'status'],
    ['hrv', observation({ status: 'draft' }), 'SCHEMA_INVALID', 'status'],
    ['hrv', observation({ code: { coding: [HR] } }), 'NOT_MAPPED', 'code'],
    ['hrv', observation({ code: { coding: [{ system: MDC, code: '147842' }] } }), 'NOT_MAPPED', 'code'],
    ['hrv', observation({ code: { coding: [{ system: LOINC, code: '2339-0' }] } }), 'NOT_MAPPED', 'code'],
    ['hrv', observation({ code: { coding: [{ system: LOINC, code: '40443-4' }, HR] } }), 'OK', ''],
    [
      'hrv',
      sdnnObservation({
        code: {
          coding: [
            { system: LOINC, code: '80404-7' },
            { system: LOINC, code: '40443-4' },
          ],
        },
      }),
      'SCHEMA_INVALID',
      'code.coding[1]',
    ],
    [
      'hrv',
      sdnnObservation({ code: { coding: [{ system: LOINC, code: '80404-7', display: 'HRV RMSSD' }] } }),
      'SCHEMA_INVALID',
      'code.coding[0].display',
    ],
    [
      'hrv',
      observation({ valueQuantity: { value: 52, unit: 'ms', system: UCUM, code: 'ms' } }),
      'SCHEMA_INVALID',
      'valueQuantity.code',
    ],
    [
      'hrv',
      observation({ valueQuantity: { value: 52, unit: 'bpm' } }),
      'SCHEMA_INVALID',
      'valueQuantity.system',
    ],
    [
      'hrv',
      observation({ valueQuantity: { value: 52, unit: 'ms', system: UCUM, code: '/min' } }),
      'SCHEMA_INVALID',
      'valueQuantity.unit',
    ],
    [
      'hrv',
      observation({ valueQuantity: { value: 52, comparator: '<', system: UCUM, code: '/min' } }),
      'NOT_MAPPED',
      'valueQuantity.comparator',
    ],
    ['hrv', observation({ valueQuantity: undefined }), 'MEASURE_MISSING', 'valueQuantity'],
    [
      'hrv',
      observation({ valueQuantity: { value: 300, system: UCUM, code: '/min' } }),
      'OUT_OF_RANGE',
      'valueQuantity.value',
    ],
    ['hrv', observation({ effectiveDateTime: undefined }), 'SCHEMA_INVALID', 'effectiveDateTime'],
    ['hrv', observation({ effectiveDateTime: '2026-11-20' }), 'TIMESTAMP_INVALID', 'effectiveDateTime'],
    [
      'hrv',
      observation({ effectivePeriod: { start: '2026-11-20T03:10:00Z' } }),
      'SCHEMA_INVALID',
      'effectivePeriod',
    ],
    [
      'hrv',
      observation({ effectiveDateTime: '2999-01-01T00:00:00Z' }),
      'TIMESTAMP_IN_FUTURE',
      'effectiveDateTime',
    ],
    ['hrv', observation({ id: undefined }), 'SCHEMA_INVALID', 'id'],
    ['sleep', observation(), 'UNKNOWN_SHAPE', 'code'],
    ['hrv', sleepObservation(), 'UNKNOWN_SHAPE', 'code'],
    [
      'sleep',
      sleepObservation({ effectivePeriod: undefined, effectiveDateTime: '2026-11-20T07:00:00+01:00' }),
      'SCHEMA_INVALID',
      'effectivePeriod',
    ],
    [
      'sleep',
      sleepObservation({ valueQuantity: { value: 9, unit: 'h', system: UCUM, code: 'h' } }),
      'OUT_OF_RANGE',
      'valueQuantity.value',
    ],
  ])('(%s) case %# → %s at %s', (topic, value, code, path) => {
    const r = decode(topic as TopicKind, value);
    if (code === 'OK') expect(r.ok).toBe(true);
    else expect(r).toEqual(rejected(code, path));
  });

  it('takes the subject from the key: a message without one is refused', () => {
    const r = decode('hrv', observation(), 'someone-else');
    expect(r.ok && r.reading.subjectId).toBe('someone-else');
    expect(decode('hrv', observation(), null)).toEqual(rejected('SCHEMA_INVALID', 'key'));
  });
});

describe('FHIR R4 Bundle', () => {
  it('gives one reading per Observation, skipping other resources, ids from fullUrl when absent', () => {
    const r = message(
      'hrv',
      bundle([
        observation(),
        { resourceType: 'Patient', id: 'p-42' },
        sdnnObservation({ id: undefined }),
        rmssdObservation(),
      ]),
    );
    expect(r).toEqual({
      ok: 'many',
      readings: [
        expect.objectContaining({ restingHrBpm: 52 }),
        expect.objectContaining({
          sdnnMs: 48.5,
          readingId: vendorReadingId('fhir', 'urn:uuid:00000000-0000-4000-8000-000000000002'),
        }),
        expect.objectContaining({ rmssdMs: 41.2 }),
      ],
    });
  });

  it('keeps the good entries and names the first bad one by its path', () => {
    const badUnit = rmssdObservation({
      id: 'bad-1',
      valueQuantity: { value: 41, unit: 'bpm', system: UCUM, code: 'ms' },
    });
    const r = message(
      'hrv',
      bundle([observation(), sdnnObservation(), rmssdObservation(), badUnit, sleepObservation()]),
    );
    expect(r).toEqual({
      ok: 'many',
      readings: [
        expect.objectContaining({ restingHrBpm: 52 }),
        expect.objectContaining({ sdnnMs: 48.5 }),
        expect.objectContaining({ rmssdMs: 41.2 }),
      ],
      rejected: {
        code: 'SCHEMA_INVALID',
        path: 'entry[3].resource.valueQuantity.unit',
        message: 'disagrees with valueQuantity.code (and 1 more entries rejected)',
      },
    });
  });

  it.each([
    [
      bundle([observation(), sdnnObservation({ subject: { reference: 'Patient/p-43' } })]),
      'KEY_MISMATCH',
      'entry[1].resource.subject.reference',
    ],
    [bundle([observation({ status: 'cancelled' })]), 'NOT_MAPPED', 'entry[0].resource.status'],
    [bundle([{ resourceType: 'Patient' }]), 'MEASURE_MISSING', 'entry'],
    [bundle([observation()], { type: 'message' }), 'NOT_MAPPED', 'type'],
    [bundle([observation()], { entry: 'x' }), 'SCHEMA_INVALID', 'entry'],
    [
      bundle(Array.from({ length: MAX_BUNDLE_ENTRIES + 1 }, () => ({ resourceType: 'Patient' }))),
      'ARRAY_TOO_LONG',
      'entry',
    ],
  ])('refuses the whole Bundle (case %#) with %s at %s', (value, code, path) => {
    expect(message('hrv', value)).toEqual(rejected(code, path));
  });

  it('refuses a Bundle without a key, and through decodeReading, which returns one reading', () => {
    expect(message('hrv', bundle([observation()]), null)).toEqual(rejected('SCHEMA_INVALID', 'key'));
    expect(decode('hrv', bundle([observation()]))).toEqual({
      ok: true,
      reading: expect.objectContaining({ restingHrBpm: 52 }),
    });
    expect(decode('hrv', bundle([observation(), rmssdObservation()]))).toEqual(rejected('UNKNOWN_SHAPE', ''));
  });
});
