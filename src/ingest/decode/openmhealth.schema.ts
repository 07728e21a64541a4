// zod schemas of the Open mHealth / IEEE 1752.1 data points the openmhealth adapter accepts
// (header plus heart-rate-variability or sleep-episode body). Only fields we map are listed;
// everything else in a data point is ignored.
import { z } from 'zod';
import type { TopicKind } from './reading.types';
import { vendorRecordId } from './vendor-adapter';

export const NAMESPACES = new Set(['omh', 'ieee']);
export const KIND_BY_NAME: Record<string, TopicKind> = {
  'heart-rate': 'hrv',
  'heart-rate-variability': 'hrv',
  'sleep-episode': 'sleep',
};
export const DURATION_MS: Record<string, number> = { ms: 1, s: 1000, sec: 1000, min: 60_000, h: 3_600_000 };

const unitValue = z.object({ value: z.number(), unit: z.string() });
const durationValue = unitValue.refine((u) => Object.hasOwn(DURATION_MS, u.unit), {
  message: 'unit must be one of ms|sec|min|h',
  path: ['unit'],
});
const percentValue = z.object({ value: z.number(), unit: z.literal('%') });
export const headerSchema = z.object({
  uuid: vendorRecordId.nullish(),
  id: vendorRecordId.nullish(),
  schema_id: z.object({ namespace: z.string(), name: z.string() }),
  acquisition_provenance: z.object({ source_name: z.string().nullish() }).nullish(),
  external_datasheets: z
    .array(z.object({ datasheet_reference: z.string().nullish() }))
    .max(16)
    .nullish(),
});
const timeInterval = z.object({ start_date_time: z.string(), end_date_time: z.string() });
const timeFrame = z.object({ date_time: z.string().nullish(), time_interval: timeInterval.nullish() });
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
export const omhSleepSchema = z.object({
  header: headerSchema,
  body: z.object({
    effective_time_frame: z.object({ time_interval: timeInterval }),
    is_main_sleep: z.boolean().nullish(),
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
