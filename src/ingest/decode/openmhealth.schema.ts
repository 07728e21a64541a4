// zod schemas of the Open mHealth / IEEE 1752.1 data points the openmhealth adapter accepts
// (header plus a heart-rate-variability, heart-rate, rr-interval or sleep-episode body). Only fields
// we map are listed; everything else in a data point is ignored. Enumerations are the schemas' own
// (omh temporal-relationship-to-sleep 1.0, -to-physical-activity 1.0, descriptive-statistic 1.0),
// so a value outside them is invalid, not merely unmapped.
import { z } from 'zod';
import type { TopicKind } from './reading.types';
import { vendorRecordId } from './vendor-adapter';

export const NAMESPACES = new Set(['omh', 'ieee']);
export const KIND_BY_NAME: Record<string, TopicKind> = {
  'heart-rate': 'hrv',
  'heart-rate-variability': 'hrv',
  'rr-interval': 'hrv',
  'sleep-episode': 'sleep',
};
/**
 * omh duration-unit-value 1.0 (plus IEEE's "s"). Its "Mo" and "yr" have no fixed length and are refused
 * as not a duration we can place a night with.
 */
export const DURATION_MS: Record<string, number> = {
  ps: 1e-9,
  ns: 1e-6,
  us: 1e-3,
  ms: 1,
  s: 1000,
  sec: 1000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  wk: 604_800_000,
};

const unitValue = z.object({ value: z.number(), unit: z.string() });
export const durationValue = unitValue.refine((u) => Object.hasOwn(DURATION_MS, u.unit), {
  message: 'unit must be one of ps|ns|us|ms|s|sec|min|h|d|wk',
  path: ['unit'],
});
const percentValue = z.object({ value: z.number(), unit: z.literal('%') });
export const headerSchema = z.object({
  uuid: vendorRecordId.nullish(),
  id: vendorRecordId.nullish(),
  schema_id: z.object({ namespace: z.string(), name: z.string(), version: z.string().nullish() }),
  acquisition_provenance: z.object({ source_name: z.string().nullish() }).nullish(),
  external_datasheets: z
    .array(z.object({ datasheet_reference: z.string().nullish() }))
    .max(16)
    .nullish(),
});
/** omh time-interval 1.0: one of start+end, start+duration, end+duration, date+part_of_day. */
export const timeInterval = z.object({
  start_date_time: z.string().nullish(),
  end_date_time: z.string().nullish(),
  duration: durationValue.nullish(),
  date: z.string().nullish(),
  part_of_day: z.string().nullish(),
});
export const timeFrame = z.object({
  date_time: z.string().nullish(),
  time_interval: timeInterval.nullish(),
});
export const SLEEP_RELATIONS = ['before sleeping', 'during sleep', 'on waking'] as const;
export const ACTIVITY_RELATIONS = [
  'at rest',
  'active',
  'before exercise',
  'after exercise',
  'during exercise',
] as const;
export const STATISTICS = [
  'average',
  'maximum',
  'minimum',
  'standard deviation',
  'variance',
  'sum',
  'median',
] as const;

export const omhHrvSchema = z.object({
  header: headerSchema,
  body: z.object({
    heart_rate_variability: durationValue,
    heart_rate_variability_algorithm: z.string().nullish(),
    effective_time_frame: timeFrame,
    temporal_relationship_to_sleep: z.string().nullish(),
    temporal_relationship_to_physical_activity: z.string().nullish(),
  }),
});
export const omhHeartRateSchema = z.object({
  header: headerSchema,
  body: z.object({
    heart_rate: z.object({ value: z.number(), unit: z.literal('beats/min') }),
    effective_time_frame: timeFrame.nullish(),
    descriptive_statistic: z.enum(STATISTICS).nullish(),
    temporal_relationship_to_sleep: z.enum(SLEEP_RELATIONS).nullish(),
    temporal_relationship_to_physical_activity: z.enum(ACTIVITY_RELATIONS).nullish(),
  }),
});
export const omhRrSchema = z.object({
  header: headerSchema,
  body: z.object({
    rr_interval: z.object({ value: z.number(), unit: z.literal('ms') }),
    effective_time_frame: timeFrame.nullish(),
    descriptive_statistic: z.enum(STATISTICS).nullish(),
    temporal_relationship_to_physical_activity: z.enum(ACTIVITY_RELATIONS).nullish(),
  }),
});
export const omhSleepSchema = z.object({
  header: headerSchema,
  body: z.object({
    effective_time_frame: z.object({ date_time: z.string().nullish(), time_interval: timeInterval }),
    is_main_sleep: z.boolean().nullish(),
    total_sleep_time: durationValue.nullish(),
    sleep_maintenance_efficiency_percentage: percentValue.nullish(),
    sleep_efficiency_percentage: percentValue.nullish(),
    wake_after_sleep_onset: durationValue.nullish(),
    light_sleep_duration: durationValue.nullish(),
    deep_sleep_duration: durationValue.nullish(),
    rem_sleep_duration: durationValue.nullish(),
  }),
});
export type OmhHeader = z.infer<typeof headerSchema>;
export type OmhTimeFrame = z.infer<typeof timeFrame>;
export type OmhTimeInterval = z.infer<typeof timeInterval>;
