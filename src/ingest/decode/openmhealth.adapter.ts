// Open mHealth / IEEE 1752.1 data points: { header, body }. The header may be OMH 1.x (`id`,
// `acquisition_provenance.source_name`) or IEEE-style (`uuid`, `source_creation_date_time`,
// `external_datasheets`); `header.schema_id.name` picks the body:
//   heart-rate-variability: heart_rate_variability {value, unit} plus heart_rate_variability_algorithm
//     "RMSSD" | "SDNN" (there is no released OMH HRV schema; this follows the community draft).
//     Without a usable algorithm the value is refused: RMSSD and SDNN must never be mixed.
//   heart-rate, rr-interval: see openmhealth.heart.ts.
//   sleep-episode (1.0, 1.1): effective_time_frame.time_interval in any of its placed forms
//     (start+end, start+duration, end+duration), is_main_sleep, total_sleep_time, efficiency as
//     sleep_maintenance_efficiency_percentage (omh 1.x) or sleep_efficiency_percentage (ieee), and
//     wake_after_sleep_onset plus, as an extension, light/deep/rem_sleep_duration for stages.
//     latency_to_sleep_onset, latency_to_arising and number_of_awakenings are not kept.
// The effective time frame of a sleep episode runs from sleep onset to final awakening, and
// total_sleep_time is the time asleep within it: without an efficiency, total_sleep_time / frame
// becomes the efficiency, which is how the night's hours asleep are computed.
import { z } from 'zod';
import { STAGE_SUM_TOLERANCE_MIN } from './canonical.validate';
import { vendorReadingId } from './name-based-uuid';
import { headerSource, recordId } from './openmhealth.header';
import { adaptHeartRate, adaptRrInterval } from './openmhealth.heart';
import { headerSchema, KIND_BY_NAME, NAMESPACES, omhHrvSchema, omhSleepSchema } from './openmhealth.schema';
import { durationMs, resolveFrame, resolveInterval } from './openmhealth.time';
import type { JsonObject, Result } from './reading.types';
import { isJsonObject, reject } from './reading.types';
import { formatWithOffset } from './timestamp';
import {
  type CanonicalCandidate,
  looksLikeMainSleep,
  parseVendor,
  type VendorAdapter,
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
        'not a heart-rate-variability, heart-rate, rr-interval or sleep-episode schema',
      );
    }
    if (kind !== topic) return wrongTopic('header.schema_id.name', topic);
    if (uuid == null && id == null)
      return reject('SCHEMA_INVALID', 'header.uuid', 'is required (or header.id)');
    switch (schema_id.name) {
      case 'heart-rate':
        return adaptHeartRate(value, subjectId);
      case 'rr-interval':
        return adaptRrInterval(value, subjectId);
      case 'heart-rate-variability':
        return adaptHrv(value, subjectId);
      default:
        return adaptSleep(value, subjectId);
    }
  },
};

const FRAME = 'body.effective_time_frame';

function adaptHrv(value: JsonObject, subjectId: string): Result<CanonicalCandidate> {
  const parsed = parseVendor(omhHrvSchema, value);
  if (!parsed.ok) return parsed;
  const { header, body } = parsed.value;
  const algorithm = body.heart_rate_variability_algorithm?.toUpperCase();
  if (algorithm !== 'RMSSD' && algorithm !== 'SDNN') {
    return reject('MEASURE_MISSING', 'body.heart_rate_variability_algorithm', 'must be RMSSD or SDNN');
  }
  const time = resolveFrame(body.effective_time_frame, FRAME);
  if (!time.ok) return time;
  const { at, atPath, windowSeconds, windowPath } = time.value;
  const measure = algorithm === 'RMSSD' ? 'rmssdMs' : 'sdnnMs';
  const candidate: JsonObject = {
    schema: 'hrv.v1',
    readingId: vendorReadingId('openmhealth', recordId(header)),
    subjectId,
    source: headerSource(header),
    measuredAt: formatWithOffset(at.epochMs, at.utcOffsetMinutes),
    context: hrvContext(body),
    [measure]: Number(durationMs(body.heart_rate_variability).toFixed(6)),
  };
  if (windowSeconds) candidate.windowSeconds = windowSeconds;
  const paths: Record<string, string> = {
    subjectId: 'key',
    measuredAt: atPath,
    [measure]: 'body.heart_rate_variability.value',
  };
  if (windowPath) paths.windowSeconds = windowPath;
  return { ok: true, value: { candidate, paths } };
}

function hrvContext(body: {
  temporal_relationship_to_sleep?: string | null;
  temporal_relationship_to_physical_activity?: string | null;
}): 'sleep' | 'rest' | 'unknown' {
  if (body.temporal_relationship_to_sleep === 'during sleep') return 'sleep';
  if (body.temporal_relationship_to_physical_activity === 'at rest') return 'rest';
  return 'unknown';
}

const STAGE_FIELDS = {
  awake: 'wake_after_sleep_onset',
  light: 'light_sleep_duration',
  deep: 'deep_sleep_duration',
  rem: 'rem_sleep_duration',
} as const;

function adaptSleep(value: JsonObject, subjectId: string): Result<CanonicalCandidate> {
  const parsed = parseVendor(omhSleepSchema, value);
  if (!parsed.ok) return parsed;
  const { header, body } = parsed.value;
  const frame = body.effective_time_frame;
  if (frame.date_time != null) {
    return reject('SCHEMA_INVALID', FRAME, 'takes date_time or time_interval, not both');
  }
  const interval = resolveInterval(frame.time_interval, `${FRAME}.time_interval`, 'SLEEP_ENDS_BEFORE_START');
  if (!interval.ok) return interval;
  const { start, end, startPath, endPath } = interval.value;
  const paths: Record<string, string> = {
    subjectId: 'key',
    startAt: startPath,
    endAt: endPath,
    stagesMin: 'body',
  };
  const stagesMin: JsonObject = {};
  for (const [stage, field] of Object.entries(STAGE_FIELDS)) {
    const d = body[field];
    if (d) {
      stagesMin[stage] = durationMs(d) / 60_000;
      paths[`stagesMin.${stage}`] = `body.${field}.value`;
    }
  }
  const efficiency = sleepEfficiency(body, (end.epochMs - start.epochMs) / 60_000);
  if (!efficiency.ok) return efficiency;
  const candidate: JsonObject = {
    schema: 'sleep.v1',
    readingId: vendorReadingId('openmhealth', recordId(header)),
    subjectId,
    source: headerSource(header),
    startAt: formatWithOffset(start.epochMs, start.utcOffsetMinutes),
    endAt: formatWithOffset(end.epochMs, end.utcOffsetMinutes),
    isMainSleep: body.is_main_sleep ?? looksLikeMainSleep(start.epochMs, end.epochMs),
  };
  if (Object.keys(stagesMin).length > 0) candidate.stagesMin = stagesMin;
  if (efficiency.value) {
    candidate.efficiency = efficiency.value.value;
    paths.efficiency = efficiency.value.path;
  }
  return { ok: true, value: { candidate, paths } };
}

type SleepBody = z.infer<typeof omhSleepSchema>['body'];

/**
 * The efficiency sent, or else total_sleep_time / episode; when both are sent they must agree to
 * within a few minutes of sleep, or the episode is ambiguous and refused.
 */
function sleepEfficiency(
  body: SleepBody,
  episodeMin: number,
): Result<{ value: number; path: string } | undefined> {
  const field = body.sleep_maintenance_efficiency_percentage
    ? 'sleep_maintenance_efficiency_percentage'
    : 'sleep_efficiency_percentage';
  const sent = body[field];
  const tst = body.total_sleep_time;
  if (!tst || !(episodeMin > 0)) {
    return { ok: true, value: sent ? { value: sent.value / 100, path: `body.${field}.value` } : undefined };
  }
  const tstPath = 'body.total_sleep_time.value';
  const asleepMin = durationMs(tst) / 60_000;
  if (!(asleepMin >= 0) || asleepMin > episodeMin + STAGE_SUM_TOLERANCE_MIN) {
    return reject('OUT_OF_RANGE', tstPath, 'must be between 0 and the length of the sleep episode');
  }
  if (sent && Math.abs((sent.value / 100) * episodeMin - asleepMin) > STAGE_SUM_TOLERANCE_MIN) {
    return reject('SCHEMA_INVALID', tstPath, `disagrees with ${field}`);
  }
  if (sent) return { ok: true, value: { value: sent.value / 100, path: `body.${field}.value` } };
  return {
    ok: true,
    value: { value: Number(Math.min(1, asleepMin / episodeMin).toFixed(6)), path: tstPath },
  };
}
