import { hrvFromRr } from '../hrv.metrics';
import { decodeObject, json, KEY, nowMs, rejected } from './decode.fixtures';
import { decodeReading } from './decode-reading';
import { dataPoint } from './openmhealth.conformance.fixtures';

const decode = decodeObject;
const at = (date_time: string) => ({ date_time });
const restingHr = (body: Record<string, unknown>) =>
  dataPoint('heart-rate', '2.0', {
    heart_rate: { value: 51, unit: 'beats/min' },
    effective_time_frame: at('2026-11-20T03:10:00+01:00'),
    temporal_relationship_to_sleep: 'during sleep',
    ...body,
  });
const beat = (i: number, ms: number, body: Record<string, unknown> = {}) =>
  dataPoint(
    'rr-interval',
    '1.0',
    {
      rr_interval: { value: ms, unit: 'ms' },
      effective_time_frame: at(`2026-11-20T03:10:${String(i).padStart(2, '0')}+01:00`),
      ...body,
    },
    `rr-${i}`,
  );
const BEATS = [812, 790, 805, 830, 818, 801, 795, 809, 822, 815, 799, 806];

describe('openMHealthAdapter: heart-rate', () => {
  it('keeps a heart rate during sleep as the resting heart rate, without an HRV measure', () => {
    const r = decode('hrv', restingHr({}));
    expect(r).toEqual({ ok: true, reading: expect.objectContaining({ restingHrBpm: 51, context: 'sleep' }) });
    expect(r.ok && r.reading.kind === 'hrv' && [r.reading.rmssdMs, r.reading.sdnnMs]).toEqual([
      undefined,
      undefined,
    ]);
  });

  it.each([
    [
      { temporal_relationship_to_sleep: 'before sleeping' },
      'NOT_MAPPED',
      'body.temporal_relationship_to_sleep',
    ],
    [
      { temporal_relationship_to_sleep: null, temporal_relationship_to_physical_activity: 'during exercise' },
      'NOT_MAPPED',
      'body.temporal_relationship_to_physical_activity',
    ],
    [{ temporal_relationship_to_sleep: 'asleep' }, 'SCHEMA_INVALID', 'body.temporal_relationship_to_sleep'],
    [{ descriptive_statistic: 'maximum' }, 'NOT_MAPPED', 'body.descriptive_statistic'],
    [{ heart_rate: { value: 240, unit: 'beats/min' } }, 'OUT_OF_RANGE', 'body.heart_rate.value'],
    [
      { effective_time_frame: { date_time: '2026-11-20T03:10:00Z', time_interval: {} } },
      'SCHEMA_INVALID',
      'body.effective_time_frame',
    ],
  ])('refuses %j with %s at %s', (body, code, path) => {
    expect(decode('hrv', restingHr(body))).toEqual(rejected(code, path));
  });
});

describe('openMHealthAdapter: rr-interval', () => {
  it('refuses one data point: a single interval gives no HRV', () => {
    expect(decode('hrv', beat(0, 812))).toEqual(rejected('RR_UNUSABLE', 'body.rr_interval.value'));
    expect(decode('hrv', beat(0, 30))).toEqual(rejected('OUT_OF_RANGE', 'body.rr_interval.value'));
  });

  it('reads an array of data points as the series, from which ingest computes RMSSD and SDNN', () => {
    const r = decode(
      'hrv',
      BEATS.map((ms, i) => beat(i, ms)),
    );
    expect(r).toEqual({
      ok: true,
      reading: expect.objectContaining({
        subjectId: KEY,
        rrIntervalsMs: BEATS,
        measuredAt: '2026-11-20T03:10:00+01:00',
        windowSeconds: 11,
      }),
    });
    expect(r.ok && r.reading.kind === 'hrv' && hrvFromRr(r.reading.rrIntervalsMs!)).toEqual(
      expect.objectContaining({ beats: 12, artefacts: 0 }),
    );
  });

  it.each([
    [BEATS.map((ms, i) => beat(i, i === 3 ? 3000 : ms)), 'OUT_OF_RANGE', '[3].body.rr_interval.value'],
    [[beat(1, 812), beat(0, 790)], 'SCHEMA_INVALID', '[1].body.effective_time_frame.date_time'],
    [[beat(0, 812), dataPoint('heart-rate', '1.0', {})], 'UNKNOWN_SHAPE', '[1].header.schema_id.name'],
    [
      [beat(0, 812), beat(1, 790, { rr_interval: { value: 790, unit: 's' } })],
      'SCHEMA_INVALID',
      '[1].body.rr_interval.unit',
    ],
    [[beat(0, 812)], 'RR_UNUSABLE', ''],
  ])('refuses a bad series (case %#) with %s at %s', (points, code, path) => {
    expect(decode('hrv', points)).toEqual(rejected(code, path));
  });

  it('keeps other arrays refused as not an object, and series off the sleep topic', () => {
    expect(decode('hrv', [{ schema: 'hrv.v1' }])).toEqual(rejected('NOT_AN_OBJECT', ''));
    expect(
      decode(
        'sleep',
        BEATS.map((ms, i) => beat(i, ms)),
      ),
    ).toEqual(rejected('NOT_AN_OBJECT', ''));
    expect(decodeReading('hrv', null, json([beat(0, 812), beat(1, 790)]), { nowMs })).toEqual(
      rejected('SCHEMA_INVALID', 'key'),
    );
  });
});
