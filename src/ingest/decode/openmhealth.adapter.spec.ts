import { decodeObject, KEY, rejected } from './decode.fixtures';
import { vendorReadingId } from './name-based-uuid';
import type { TopicKind } from './reading.types';

const decode = decodeObject;
type Obj = Record<string, unknown>;

const ieeeHeader = (name: string, over: Obj = {}) => ({
  uuid: '9e0c1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b',
  schema_id: { namespace: 'omh', name, version: '1.0' },
  source_creation_date_time: '2026-11-20T06:00:00Z',
  modality: 'sensed',
  external_datasheets: [{ datasheet_type: 'manufacturer', datasheet_reference: 'Oura Ring Gen3' }],
  ...over,
});
const hrvPoint = (body: Obj = {}, header: Obj = {}) => ({
  header: ieeeHeader('heart-rate-variability', header),
  body: {
    heart_rate_variability: { value: 41.7, unit: 'ms' },
    heart_rate_variability_algorithm: 'RMSSD',
    effective_time_frame: { date_time: '2026-11-20T03:10:00+01:00' },
    temporal_relationship_to_sleep: 'during sleep',
    ...body,
  },
});

describe('openMHealthAdapter: heart-rate-variability', () => {
  it('maps an RMSSD data point to its canonical equivalent', () => {
    const readingId = vendorReadingId('openmhealth', '9e0c1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b');
    const canonical = decode('hrv', {
      schema: 'hrv.v1',
      readingId,
      subjectId: KEY,
      source: 'oura',
      measuredAt: '2026-11-20T03:10:00+01:00',
      context: 'sleep',
      rmssdMs: 41.7,
    });
    expect(decode('hrv', hrvPoint())).toEqual(canonical);
    expect(canonical.ok && canonical.reading).toEqual({
      kind: 'hrv',
      readingId,
      subjectId: KEY,
      source: 'oura',
      measuredAt: '2026-11-20T03:10:00+01:00',
      measuredAtMs: Date.UTC(2026, 10, 20, 2, 10),
      utcOffsetMinutes: 60,
      context: 'sleep',
      rmssdMs: 41.7,
    });
  });

  it('keeps SDNN apart from RMSSD and takes an interval as the measurement window', () => {
    const r = decode(
      'hrv',
      hrvPoint({
        heart_rate_variability: { value: 0.0552, unit: 'sec' },
        heart_rate_variability_algorithm: 'sdnn',
        effective_time_frame: {
          time_interval: { start_date_time: '2026-11-20T02:10:00Z', end_date_time: '2026-11-20T02:15:00Z' },
        },
        temporal_relationship_to_sleep: null,
        temporal_relationship_to_physical_activity: 'at rest',
      }),
    );
    expect(r.ok && r.reading).toEqual(
      expect.objectContaining({
        sdnnMs: 55.2,
        windowSeconds: 300,
        context: 'rest',
        measuredAt: '2026-11-20T02:10:00Z',
      }),
    );
    expect(r.ok && 'rmssdMs' in r.reading).toBe(false);
  });

  const F = 'body.effective_time_frame';
  const HRV = 'body.heart_rate_variability';
  const ALG = 'body.heart_rate_variability_algorithm';
  const NAME = 'header.schema_id.name';
  it.each([
    ['hrv', { header: ieeeHeader('heart-rate'), body: {} }, 'SCHEMA_INVALID', 'body.heart_rate'],
    ['sleep', { header: ieeeHeader('heart-rate'), body: {} }, 'UNKNOWN_SHAPE', NAME],
    ['hrv', { header: ieeeHeader('blood-pressure'), body: {} }, 'UNKNOWN_SHAPE', NAME],
    [
      'hrv',
      hrvPoint({}, { schema_id: { namespace: 'acme', name: 'x' } }),
      'UNKNOWN_SHAPE',
      'header.schema_id.namespace',
    ],
    [
      'hrv',
      hrvPoint({}, { schema_id: 'omh:heart-rate-variability:1.0' }),
      'SCHEMA_INVALID',
      'header.schema_id',
    ],
    ['hrv', hrvPoint({}, { uuid: undefined }), 'SCHEMA_INVALID', 'header.uuid'],
    ['hrv', hrvPoint({ heart_rate_variability_algorithm: undefined }), 'MEASURE_MISSING', ALG],
    ['hrv', hrvPoint({ heart_rate_variability_algorithm: 'pNN50' }), 'MEASURE_MISSING', ALG],
    ['hrv', hrvPoint({ heart_rate_variability: { value: 400, unit: 'ms' } }), 'OUT_OF_RANGE', `${HRV}.value`],
    ['hrv', hrvPoint({ heart_rate_variability: { value: 4, unit: 'yr' } }), 'SCHEMA_INVALID', `${HRV}.unit`],
    ['hrv', hrvPoint({ effective_time_frame: {} }), 'SCHEMA_INVALID', F],
    [
      'hrv',
      hrvPoint({ effective_time_frame: { date_time: '2026-11-20T03:10' } }),
      'TIMESTAMP_INVALID',
      `${F}.date_time`,
    ],
    [
      'hrv',
      hrvPoint({ effective_time_frame: { date_time: '1999-11-20T03:10Z' } }),
      'TIMESTAMP_TOO_OLD',
      `${F}.date_time`,
    ],
  ] as Array<[TopicKind, unknown, string, string]>)(
    'rejects (%s) case %# with %s at %s',
    (topic, value, code, path) => {
      expect(decode(topic, value)).toEqual(rejected(code, path));
    },
  );
});
