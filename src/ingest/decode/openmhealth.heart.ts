// Open mHealth heart-rate (1.0, 1.1, 2.0) and rr-interval (1.0) data points.
//   heart-rate: kept only as a resting heart rate (hrv.v1 restingHrBpm), which is what the warnings
//     use: temporal_relationship_to_sleep "during sleep" (context sleep) or "on waking", or
//     temporal_relationship_to_physical_activity "at rest" (context rest); as a single value or an
//     average, median or minimum. Any other heart rate (during exercise, before sleeping, a maximum,
//     or one without a relationship that says so) is refused as NOT_MAPPED: stored as "resting" it
//     would move the person's normal. A 1.x heart rate without effective_time_frame is valid there
//     but cannot be placed in a night (NOT_MAPPED); 2.0 requires the time frame.
//   rr-interval: one data point is one interval, from which no HRV can be computed (RR_UNUSABLE).
//     A JSON array of rr-interval data points is the beat-to-beat series: one hrv.v1 reading with
//     rrIntervalsMs in order, from which ingest computes RMSSD and SDNN (src/ingest/hrv.metrics).
//     A descriptive statistic of RR intervals (an average over a day) is not a series: NOT_MAPPED.
import { z } from 'zod';
import { PLAUSIBLE } from './canonical.schema';
import { vendorReadingId } from './name-based-uuid';
import { headerSource, majorVersion, recordId } from './openmhealth.header';
import { headerSchema, NAMESPACES, omhHeartRateSchema, omhRrSchema } from './openmhealth.schema';
import { type OmhTime, resolveFrame } from './openmhealth.time';
import type { JsonObject, JsonValue, Result } from './reading.types';
import { isJsonObject, reject } from './reading.types';
import { formatWithOffset } from './timestamp';
import { type CanonicalCandidate, parseVendor, prefixRejection } from './vendor-adapter';

const FRAME = 'body.effective_time_frame';
const RESTING_STATISTICS = new Set(['average', 'median', 'minimum']);
/** At most this many beats in one series message (a message is at most 256 KiB anyway). */
export const MAX_RR_SERIES = 5000;

type HeartBody = z.infer<typeof omhHeartRateSchema>['body'];

export function adaptHeartRate(value: JsonObject, subjectId: string): Result<CanonicalCandidate> {
  const parsed = parseVendor(omhHeartRateSchema, value);
  if (!parsed.ok) return parsed;
  const { header, body } = parsed.value;
  const time = placed(body.effective_time_frame, majorVersion(header) >= 2, 'a heart rate');
  if (!time.ok) return time;
  const context = restingContext(body);
  if (!context.ok) return context;
  if (body.descriptive_statistic != null && !RESTING_STATISTICS.has(body.descriptive_statistic)) {
    return reject(
      'NOT_MAPPED',
      'body.descriptive_statistic',
      'a resting heart rate is a single value, an average, a median or a minimum',
    );
  }
  const { at, atPath, windowSeconds, windowPath } = time.value;
  const candidate: JsonObject = {
    schema: 'hrv.v1',
    readingId: vendorReadingId('openmhealth', recordId(header)),
    subjectId,
    source: headerSource(header),
    measuredAt: formatWithOffset(at.epochMs, at.utcOffsetMinutes),
    context: context.value,
    restingHrBpm: body.heart_rate.value,
  };
  if (windowSeconds) candidate.windowSeconds = windowSeconds;
  const paths: Record<string, string> = {
    subjectId: 'key',
    measuredAt: atPath,
    restingHrBpm: 'body.heart_rate.value',
  };
  if (windowPath) paths.windowSeconds = windowPath;
  return { ok: true, value: { candidate, paths, restingHrOnly: true } };
}

function restingContext(body: HeartBody): Result<'sleep' | 'rest'> {
  const sleep = body.temporal_relationship_to_sleep;
  if (sleep === 'during sleep') return { ok: true, value: 'sleep' };
  if (sleep === 'on waking') return { ok: true, value: 'rest' };
  if (sleep == null && body.temporal_relationship_to_physical_activity === 'at rest') {
    return { ok: true, value: 'rest' };
  }
  const path =
    sleep == null && body.temporal_relationship_to_physical_activity != null
      ? 'body.temporal_relationship_to_physical_activity'
      : 'body.temporal_relationship_to_sleep';
  return reject(
    'NOT_MAPPED',
    path,
    'only a resting heart rate is kept: "during sleep" or "on waking", or "at rest" from physical activity',
  );
}

/** The data point's time; a missing frame is invalid where the schema requires it, else unmapped. */
function placed(frame: HeartBody['effective_time_frame'], required: boolean, what: string): Result<OmhTime> {
  if (frame == null) {
    return required
      ? reject('SCHEMA_INVALID', FRAME, 'is required (object)')
      : reject('NOT_MAPPED', FRAME, `${what} without a time cannot be placed in a night`);
  }
  return resolveFrame(frame, FRAME);
}

interface Beat {
  id: string;
  header: z.infer<typeof headerSchema>;
  rrMs: number;
  time: OmhTime;
  atRest: boolean;
}

/** One rr-interval data point, its paths relative to the point. */
function beat(value: JsonValue): Result<Beat> {
  const parsed = parseVendor(omhRrSchema, value);
  if (!parsed.ok) return parsed;
  const { header, body } = parsed.value;
  if (header.uuid == null && header.id == null) {
    return reject('SCHEMA_INVALID', 'header.uuid', 'is required (or header.id)');
  }
  if (body.descriptive_statistic != null) {
    return reject(
      'NOT_MAPPED',
      'body.descriptive_statistic',
      'a statistic of RR intervals is not a beat-to-beat series',
    );
  }
  const time = placed(body.effective_time_frame, false, 'an RR interval');
  if (!time.ok) return time;
  return {
    ok: true,
    value: {
      id: recordId(header),
      header,
      rrMs: body.rr_interval.value,
      time: time.value,
      atRest: body.temporal_relationship_to_physical_activity === 'at rest',
    },
  };
}

/** A single rr-interval data point: validated, then refused by canonical validation as one interval. */
export function adaptRrInterval(value: JsonObject, subjectId: string): Result<CanonicalCandidate> {
  const b = beat(value);
  if (!b.ok) return b;
  const { at, atPath } = b.value.time;
  const candidate: JsonObject = {
    schema: 'hrv.v1',
    readingId: vendorReadingId('openmhealth', b.value.id),
    subjectId,
    source: headerSource(b.value.header),
    measuredAt: formatWithOffset(at.epochMs, at.utcOffsetMinutes),
    context: b.value.atRest ? 'rest' : 'unknown',
    rrIntervalsMs: [b.value.rrMs],
  };
  const paths = {
    subjectId: 'key',
    measuredAt: atPath,
    rrIntervalsMs: 'body.rr_interval.value',
    'rrIntervalsMs[0]': 'body.rr_interval.value',
  };
  return { ok: true, value: { candidate, paths } };
}

const seriesHeader = z.object({ header: headerSchema });

/** A JSON array of rr-interval data points, in time order: one reading with the whole series. */
export function adaptRrSeries(points: readonly JsonValue[], subjectId: string): Result<CanonicalCandidate> {
  if (points.length === 0) return reject('MEASURE_MISSING', '', 'an empty series has no beats');
  if (points.length > MAX_RR_SERIES) {
    return reject('ARRAY_TOO_LONG', '', `must have at most ${MAX_RR_SERIES} data points`);
  }
  const beats: Beat[] = [];
  for (const [i, point] of points.entries()) {
    const at = `[${i}]`;
    const h = parseVendor(seriesHeader, isJsonObject(point) ? point : {});
    if (!h.ok) return prefixRejection(h, at);
    const { namespace, name } = h.value.header.schema_id;
    if (!NAMESPACES.has(namespace) || name !== 'rr-interval') {
      return reject(
        'UNKNOWN_SHAPE',
        `${at}.header.schema_id.name`,
        'a JSON array is read only as a series of rr-interval data points',
      );
    }
    const b = beat(point);
    if (!b.ok) return prefixRejection(b, at);
    const rr = b.value.rrMs;
    if (!(rr >= PLAUSIBLE.rrMs.min && rr <= PLAUSIBLE.rrMs.max)) {
      return reject('OUT_OF_RANGE', `${at}.body.rr_interval.value`, 'must be 250..2500 ms');
    }
    const previous = beats[beats.length - 1];
    if (previous && b.value.time.at.epochMs < previous.time.at.epochMs) {
      return reject('SCHEMA_INVALID', `${at}.${b.value.time.atPath}`, 'beats must be in time order');
    }
    beats.push(b.value);
  }
  const first = beats[0]!;
  const last = beats[beats.length - 1]!;
  const { at } = first.time;
  const candidate: JsonObject = {
    schema: 'hrv.v1',
    readingId: vendorReadingId('openmhealth', `rr-series:${first.id}:${last.id}:${beats.length}`),
    subjectId,
    source: headerSource(first.header),
    measuredAt: formatWithOffset(at.epochMs, at.utcOffsetMinutes),
    context: beats.every((b) => b.atRest) ? 'rest' : 'unknown',
    rrIntervalsMs: beats.map((b) => b.rrMs),
  };
  const windowSeconds = Math.round((last.time.at.epochMs - at.epochMs) / 1000);
  if (windowSeconds > 0) candidate.windowSeconds = windowSeconds;
  const paths = {
    subjectId: 'key',
    measuredAt: `[0].${first.time.atPath}`,
    windowSeconds: `[${beats.length - 1}].${last.time.atPath}`,
    rrIntervalsMs: '',
  };
  return { ok: true, value: { candidate, paths } };
}
