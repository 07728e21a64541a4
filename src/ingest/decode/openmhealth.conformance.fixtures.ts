// Respite's own fixtures for the Open mHealth test documents of the schemas it maps: one per
// published case of openmhealth/schemas `test-data/omh/<schema>/<version>/<shouldPass|shouldFail>/`,
// named after it and built with the same fields (values are ours), wrapped in a data point header.
// `respite` is what Respite does with it: accept it (with the fields that matter), or reject it with a
// code and path. A shouldFail case must be rejected as invalid; a shouldPass case is accepted unless
// Respite deliberately does not map it (NOT_MAPPED, RR_UNUSABLE), which the README's table explains.
// rr-interval documents hold one interval each; where a case can become a reading, its fixture is
// the series form, a JSON array of such data points (one data point alone: openmhealth.heart.ts).
import type { Reading } from './reading.types';

export type OmhSchema = 'heart-rate' | 'rr-interval' | 'sleep-episode';
export type Expected = { accepted: Partial<Reading> } | { code: string; path: string };

export interface ConformanceCase {
  schema: OmhSchema;
  version: string;
  published: 'shouldPass' | 'shouldFail';
  name: string;
  value: unknown;
  respite: Expected;
}

type Body = Record<string, unknown>;

export function dataPoint(schema: string, version: string, body: Body, id = `omh-${schema}-1`) {
  return {
    header: {
      id,
      creation_date_time: '2026-11-20T07:00:00Z',
      schema_id: { namespace: 'omh', name: schema, version },
      acquisition_provenance: { source_name: 'Polar H10', modality: 'sensed' },
    },
    body,
  };
}

const at = (date_time: string) => ({ date_time });
const hr = (value: number, unit = 'beats/min') => ({ heart_rate: { value, unit } });
const rr = (value: number, unit = 'ms') => ({ rr_interval: { value, unit } });
const night = { start_date_time: '2026-11-19T22:40:00+01:00', end_date_time: '2026-11-20T06:40:00+01:00' };

/** 12 beats, one second apart, with the given body fields added to each. */
function series(extra: (i: number) => Body): unknown[] {
  const beats = [812, 790, 805, 830, 818, 801, 795, 809, 822, 815, 799, 806];
  return beats.map((ms, i) => dataPoint('rr-interval', '1.0', { ...rr(ms), ...extra(i) }, `omh-rr-${i}`));
}
const beatTime = (i: number) => `2026-11-20T03:10:${String(i).padStart(2, '0')}+01:00`;

const sleepBody = (over: Body = {}): Body => ({
  effective_time_frame: {
    time_interval: { start_date_time: '2026-11-19T22:50:00+01:00', duration: { value: 8, unit: 'h' } },
  },
  latency_to_sleep_onset: { value: 12, unit: 'min' },
  latency_to_arising: { value: 4, unit: 'min' },
  total_sleep_time: { value: 7.2, unit: 'h' },
  number_of_awakenings: 2,
  is_main_sleep: true,
  sleep_maintenance_efficiency_percentage: { value: 90, unit: '%' },
  ...over,
});

const c = (
  schema: OmhSchema,
  version: string,
  published: ConformanceCase['published'],
  name: string,
  value: unknown,
  respite: Expected,
): ConformanceCase => ({ schema, version, published, name, value, respite });
const point = (schema: OmhSchema, version: string, body: Body) => dataPoint(schema, version, body);
const invalid = (path: string): Expected => ({ code: 'SCHEMA_INVALID', path });
const notMapped = (path: string): Expected => ({ code: 'NOT_MAPPED', path });
const FRAME = 'body.effective_time_frame';
const SLEEP_REL = 'body.temporal_relationship_to_sleep';

export const CONFORMANCE_CASES: readonly ConformanceCase[] = [
  // heart-rate 1.0
  c(
    'heart-rate',
    '1.0',
    'shouldFail',
    'empty-document',
    point('heart-rate', '1.0', {}),
    invalid('body.heart_rate'),
  ),
  c(
    'heart-rate',
    '1.0',
    'shouldFail',
    'incorrect-unit',
    point('heart-rate', '1.0', hr(58, 'beat/min')),
    invalid('body.heart_rate.unit'),
  ),
  c(
    'heart-rate',
    '1.0',
    'shouldPass',
    'heart-rate-only',
    point('heart-rate', '1.0', hr(58)),
    notMapped(FRAME),
  ),
  c(
    'heart-rate',
    '1.0',
    'shouldPass',
    'with-everything',
    point('heart-rate', '1.0', {
      ...hr(52),
      effective_time_frame: at('2026-11-20T06:55:00+01:00'),
      temporal_relationship_to_physical_activity: 'at rest',
      user_notes: 'slept badly',
    }),
    { accepted: { kind: 'hrv', restingHrBpm: 52, context: 'rest', measuredAt: '2026-11-20T06:55:00+01:00' } },
  ),
  c(
    'heart-rate',
    '1.0',
    'shouldPass',
    'with-temporal-relationship-to-physical-activity',
    point('heart-rate', '1.0', {
      ...hr(54),
      effective_time_frame: at('2026-11-20T06:55:00+01:00'),
      temporal_relationship_to_physical_activity: 'at rest',
    }),
    { accepted: { kind: 'hrv', restingHrBpm: 54, context: 'rest' } },
  ),
  c(
    'heart-rate',
    '1.0',
    'shouldPass',
    'with-time-frame',
    point('heart-rate', '1.0', { ...hr(61), effective_time_frame: at('2026-11-20T06:55:00+01:00') }),
    notMapped(SLEEP_REL),
  ),
  c(
    'heart-rate',
    '1.0',
    'shouldPass',
    'with-user-notes',
    point('heart-rate', '1.0', {
      ...hr(61),
      effective_time_frame: at('2026-11-20T06:55:00+01:00'),
      user_notes: 'after coffee',
    }),
    notMapped(SLEEP_REL),
  ),
  // heart-rate 1.1
  c(
    'heart-rate',
    '1.1',
    'shouldPass',
    'with-temporal-relationship-to-sleep',
    point('heart-rate', '1.1', {
      ...hr(53),
      effective_time_frame: at('2026-11-20T06:41:00+01:00'),
      temporal_relationship_to_sleep: 'on waking',
    }),
    { accepted: { kind: 'hrv', restingHrBpm: 53, context: 'rest' } },
  ),
  // heart-rate 2.0
  c(
    'heart-rate',
    '2.0',
    'shouldFail',
    'empty-document',
    point('heart-rate', '2.0', {}),
    invalid('body.heart_rate'),
  ),
  c(
    'heart-rate',
    '2.0',
    'shouldFail',
    'incorrect-unit',
    point('heart-rate', '2.0', { ...hr(58, 'beat/min'), effective_time_frame: at('2026-11-20T06:55:00Z') }),
    invalid('body.heart_rate.unit'),
  ),
  c(
    'heart-rate',
    '2.0',
    'shouldFail',
    'missing-effective-time-frame',
    point('heart-rate', '2.0', hr(58)),
    invalid(FRAME),
  ),
  c(
    'heart-rate',
    '2.0',
    'shouldPass',
    'with-descriptive-statistic',
    point('heart-rate', '2.0', {
      ...hr(47.5),
      effective_time_frame: { time_interval: night },
      descriptive_statistic: 'minimum',
    }),
    notMapped(SLEEP_REL),
  ),
  c(
    'heart-rate',
    '2.0',
    'shouldPass',
    'with-temporal-relationship-to-sleep',
    point('heart-rate', '2.0', {
      ...hr(55.5),
      effective_time_frame: at('2026-11-20T06:41:00-08:00'),
      temporal_relationship_to_sleep: 'on waking',
    }),
    { accepted: { kind: 'hrv', restingHrBpm: 55.5, utcOffsetMinutes: -480 } },
  ),
  // rr-interval 1.0
  c(
    'rr-interval',
    '1.0',
    'shouldFail',
    'empty-document',
    point('rr-interval', '1.0', {}),
    invalid('body.rr_interval'),
  ),
  c(
    'rr-interval',
    '1.0',
    'shouldFail',
    'invalid-rr-interval',
    point('rr-interval', '1.0', rr(812, 'mm')),
    invalid('body.rr_interval.unit'),
  ),
  c(
    'rr-interval',
    '1.0',
    'shouldPass',
    'rr-interval-only',
    series(() => ({})),
    notMapped(`[0].${FRAME}`),
  ),
  c(
    'rr-interval',
    '1.0',
    'shouldPass',
    'with-statistic',
    point('rr-interval', '1.0', {
      ...rr(812),
      effective_time_frame: { time_interval: night },
      descriptive_statistic: 'average',
    }),
    notMapped('body.descriptive_statistic'),
  ),
  c(
    'rr-interval',
    '1.0',
    'shouldPass',
    'with-temporal-relationship-to-physical-activity',
    series((i) => ({
      effective_time_frame: at(beatTime(i)),
      temporal_relationship_to_physical_activity: 'at rest',
    })),
    { accepted: { kind: 'hrv', context: 'rest', windowSeconds: 11 } },
  ),
  c(
    'rr-interval',
    '1.0',
    'shouldPass',
    'with-time-frame',
    series((i) => ({ effective_time_frame: at(beatTime(i)) })),
    { accepted: { kind: 'hrv', context: 'unknown', measuredAt: '2026-11-20T03:10:00+01:00' } },
  ),
  // sleep-episode 1.0
  c(
    'sleep-episode',
    '1.0',
    'shouldFail',
    'effective-time-frame-with-timestamp',
    point('sleep-episode', '1.0', sleepBody({ effective_time_frame: at('2026-11-19T22:50:00+01:00') })),
    invalid(`${FRAME}.time_interval`),
  ),
  c(
    'sleep-episode',
    '1.0',
    'shouldFail',
    'missing-effective-time-frame',
    point('sleep-episode', '1.0', sleepBody({ effective_time_frame: undefined })),
    invalid(FRAME),
  ),
  c('sleep-episode', '1.0', 'shouldPass', 'valid-sleep-episode', point('sleep-episode', '1.0', sleepBody()), {
    accepted: {
      kind: 'sleep',
      startAt: '2026-11-19T22:50:00+01:00',
      endAt: '2026-11-20T06:50:00+01:00',
      isMainSleep: true,
      efficiency: 0.9,
    },
  }),
  // sleep-episode 1.1
  c(
    'sleep-episode',
    '1.1',
    'shouldPass',
    'valid-sleep-episode',
    point('sleep-episode', '1.1', sleepBody({ wake_after_sleep_onset: { value: 36, unit: 'min' } })),
    { accepted: { kind: 'sleep', efficiency: 0.9, stagesMin: { awake: 36 } } },
  ),
];
