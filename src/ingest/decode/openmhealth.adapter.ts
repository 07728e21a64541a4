// Open mHealth / IEEE 1752.1 data points: { header, body }. The header may be OMH 1.x (`id`,
// `acquisition_provenance.source_name`) or IEEE-style (`uuid`, `source_creation_date_time`,
// `external_datasheets`); `header.schema_id.name` picks the body:
//   heart-rate-variability: heart_rate_variability {value, unit ms|sec|s} plus
//     heart_rate_variability_algorithm "RMSSD" | "SDNN" (there is no released OMH HRV schema; this
//     follows the community draft). Without a usable algorithm the value is refused: RMSSD and SDNN
//     must never be mixed.
//   heart-rate: refused with MEASURE_MISSING; a heart rate alone carries no HRV measure.
//   sleep-episode: effective_time_frame.time_interval, is_main_sleep, efficiency as
//     sleep_maintenance_efficiency_percentage (omh 1.x) or sleep_efficiency_percentage (ieee), and
//     wake_after_sleep_onset plus, as an extension, light/deep/rem_sleep_duration for stages.
// header.user_id is the vendor's user, not ours: the subject is always the Kafka key.
import { z } from 'zod';
import { vendorReadingId } from './name-based-uuid';
import {
  DURATION_MS,
  headerSchema,
  KIND_BY_NAME,
  NAMESPACES,
  type OmhHeader,
  type OmhTimeFrame,
  omhHrvSchema,
  omhSleepSchema,
} from './openmhealth.schema';
import type { JsonObject, Result } from './reading.types';
import { isJsonObject, reject } from './reading.types';
import { formatWithOffset, type ParsedTimestamp } from './timestamp';
import {
  type CanonicalCandidate,
  looksLikeMainSleep,
  parseVendor,
  sourceFromName,
  type VendorAdapter,
  vendorTimestamp,
  wrongTopic,
} from './vendor-adapter';

export const openMHealthAdapter: VendorAdapter = {
  name: 'openmhealth',
  detect: (v) => isJsonObject(v.header) && isJsonObject(v.body),
  adapt(value, topic, subjectId) {
    const parsed = parseVendor(z.object({ header: headerSchema }), value);
    if (!parsed.ok) return parsed;
    const { schema_id, uuid, id } = parsed.value.header;
    if (!NAMESPACES.has(schema_id.namespace)) {
      return reject('UNKNOWN_SHAPE', 'header.schema_id.namespace', 'must be omh or ieee');
    }
    const kind = Object.hasOwn(KIND_BY_NAME, schema_id.name) ? KIND_BY_NAME[schema_id.name] : undefined;
    if (kind === undefined) {
      return reject(
        'UNKNOWN_SHAPE',
        'header.schema_id.name',
        'not an HRV, heart-rate or sleep-episode schema',
      );
    }
    if (kind !== topic) return wrongTopic('header.schema_id.name', topic);
    if (schema_id.name === 'heart-rate') {
      return reject('MEASURE_MISSING', 'body', 'a heart rate alone carries no HRV measure');
    }
    if (uuid == null && id == null)
      return reject('SCHEMA_INVALID', 'header.uuid', 'is required (or header.id)');
    return kind === 'hrv' ? adaptHrv(value, subjectId) : adaptSleep(value, subjectId);
  },
};

function adaptHrv(value: JsonObject, subjectId: string): Result<CanonicalCandidate> {
  const parsed = parseVendor(omhHrvSchema, value);
  if (!parsed.ok) return parsed;
  const { header, body } = parsed.value;
  const algorithm = body.heart_rate_variability_algorithm?.toUpperCase();
  if (algorithm !== 'RMSSD' && algorithm !== 'SDNN') {
    return reject('MEASURE_MISSING', 'body.heart_rate_variability_algorithm', 'must be RMSSD or SDNN');
  }
  const time = hrvTime(body.effective_time_frame);
  if (!time.ok) return time;
  const { at, atPath, windowSeconds } = time.value;
  const hrv = body.heart_rate_variability;
  const measure = algorithm === 'RMSSD' ? 'rmssdMs' : 'sdnnMs';
  const candidate: JsonObject = {
    schema: 'hrv.v1',
    readingId: vendorReadingId('openmhealth', recordId(header)),
    subjectId,
    source: headerSource(header),
    measuredAt: formatWithOffset(at.epochMs, at.utcOffsetMinutes),
    context: hrvContext(body),
    [measure]: Number((hrv.value * DURATION_MS[hrv.unit]!).toFixed(6)),
  };
  if (windowSeconds) candidate.windowSeconds = windowSeconds;
  const paths = {
    subjectId: 'key',
    measuredAt: atPath,
    windowSeconds: `${FRAME}.time_interval.end_date_time`,
    [measure]: 'body.heart_rate_variability.value',
  };
  return { ok: true, value: { candidate, paths } };
}

const FRAME = 'body.effective_time_frame';

/** A point in time, or the start of an interval (whose length becomes the window). */
function hrvTime(
  frame: OmhTimeFrame,
): Result<{ at: ParsedTimestamp; atPath: string; windowSeconds?: number }> {
  if (frame.date_time) {
    const atPath = `${FRAME}.date_time`;
    const at = vendorTimestamp(frame.date_time, atPath);
    return at.ok ? { ok: true, value: { at: at.value, atPath } } : at;
  }
  if (!frame.time_interval) return reject('SCHEMA_INVALID', FRAME, 'needs date_time or time_interval');
  const atPath = `${FRAME}.time_interval.start_date_time`;
  const endPath = `${FRAME}.time_interval.end_date_time`;
  const at = vendorTimestamp(frame.time_interval.start_date_time, atPath);
  if (!at.ok) return at;
  const end = vendorTimestamp(frame.time_interval.end_date_time, endPath);
  if (!end.ok) return end;
  if (end.value.epochMs < at.value.epochMs)
    return reject('TIMESTAMP_INVALID', endPath, 'must not be before start');
  const windowSeconds = Math.round((end.value.epochMs - at.value.epochMs) / 1000);
  return { ok: true, value: { at: at.value, atPath, windowSeconds } };
}

function hrvContext(body: {
  temporal_relationship_to_sleep?: string | null;
  temporal_relationship_to_physical_activity?: string | null;
}): 'sleep' | 'rest' | 'unknown' {
  if (body.temporal_relationship_to_sleep === 'during sleep') return 'sleep';
  if (body.temporal_relationship_to_physical_activity === 'at rest') return 'rest';
  return 'unknown';
}

function adaptSleep(value: JsonObject, subjectId: string): Result<CanonicalCandidate> {
  const parsed = parseVendor(omhSleepSchema, value);
  if (!parsed.ok) return parsed;
  const { header, body } = parsed.value;
  const interval = body.effective_time_frame.time_interval;
  const base = 'body.effective_time_frame.time_interval';
  const start = vendorTimestamp(interval.start_date_time, `${base}.start_date_time`);
  if (!start.ok) return start;
  const end = vendorTimestamp(interval.end_date_time, `${base}.end_date_time`);
  if (!end.ok) return end;
  const paths: Record<string, string> = {
    subjectId: 'key',
    startAt: `${base}.start_date_time`,
    endAt: `${base}.end_date_time`,
    stagesMin: 'body',
  };
  const stagesMin: JsonObject = {};
  const stageFields = {
    awake: 'wake_after_sleep_onset',
    light: 'light_sleep_duration',
    deep: 'deep_sleep_duration',
    rem: 'rem_sleep_duration',
  } as const;
  for (const [stage, field] of Object.entries(stageFields)) {
    const d = body[field];
    if (d) {
      stagesMin[stage] = (d.value * DURATION_MS[d.unit]!) / 60_000;
      paths[`stagesMin.${stage}`] = `body.${field}.value`;
    }
  }
  const efficiencyField = body.sleep_maintenance_efficiency_percentage
    ? 'sleep_maintenance_efficiency_percentage'
    : 'sleep_efficiency_percentage';
  const efficiency = body[efficiencyField];
  paths.efficiency = `body.${efficiencyField}.value`;
  const candidate: JsonObject = {
    schema: 'sleep.v1',
    readingId: vendorReadingId('openmhealth', recordId(header)),
    subjectId,
    source: headerSource(header),
    startAt: formatWithOffset(start.value.epochMs, start.value.utcOffsetMinutes),
    endAt: formatWithOffset(end.value.epochMs, end.value.utcOffsetMinutes),
    isMainSleep: body.is_main_sleep ?? looksLikeMainSleep(start.value.epochMs, end.value.epochMs),
  };
  if (Object.keys(stagesMin).length > 0) candidate.stagesMin = stagesMin;
  if (efficiency) candidate.efficiency = efficiency.value / 100;
  return { ok: true, value: { candidate, paths } };
}

function recordId(header: OmhHeader): string {
  return (header.uuid ?? header.id)!; // presence checked in adapt()
}

function headerSource(header: OmhHeader) {
  const refs = (header.external_datasheets ?? []).map((d) => d.datasheet_reference ?? '').join(' ');
  return sourceFromName(header.acquisition_provenance?.source_name) ?? sourceFromName(refs) ?? 'other';
}
