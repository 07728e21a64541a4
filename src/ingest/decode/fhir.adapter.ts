// HL7 FHIR R4 Observations, one per message or many in a Bundle (see decode-reading.ts):
//   resting heart rate   LOINC 40443-4, valueQuantity UCUM /min        → hrv.v1 restingHrBpm, context rest
//   SDNN                 LOINC 80404-7 (or urn:respite:measure sdnn), ms|s → hrv.v1 sdnnMs
//   RMSSD                urn:respite:measure rmssd, ms|s                → hrv.v1 rmssdMs
//   sleep duration       LOINC 93832-4, min|h|s, effectivePeriod = the sleep episode
//                        → sleep.v1 startAt/endAt, efficiency = duration / period
// Only final, amended or corrected Observations are kept. The time is effectiveDateTime,
// effectiveInstant or effectivePeriod.start (its length becomes the window); it must carry an offset.
// Refused as ambiguous: codes that name two measures, LOINC 80404-7 whose text says RMSSD (a common
// mislabel: they must never be mixed), a quantity not coded in UCUM or whose unit text disagrees with
// its code, a comparator ("<"), several effective[x]. A heart rate not coded as resting (8867-4,
// MDC 147842) is valid FHIR but not a resting heart rate: NOT_MAPPED. Observation.subject is the
// sender's patient reference, not ours: the subject is the Kafka key, as for every vendor shape.

import {
  ACCEPTED_STATUS,
  type FhirMeasure,
  MEASURE_BY_CODE,
  type Observation,
  observationSchema,
  UCUM,
  UCUM_FACTORS,
  UNIT_TEXT,
} from './fhir.schema';
import { vendorReadingId } from './name-based-uuid';
import type { JsonObject, Result, TopicKind } from './reading.types';
import { reject } from './reading.types';
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

export const fhirObservationAdapter: VendorAdapter = {
  name: 'fhir',
  detect: (v) => v.resourceType === 'Observation',
  adapt: (value, topic, subjectId) => adaptObservation(value, topic, subjectId),
};

/** `fullUrl`: the Bundle entry's, the record id when the Observation has no id. */
export function adaptObservation(
  value: JsonObject,
  topic: TopicKind,
  subjectId: string,
  fullUrl?: string | null,
): Result<CanonicalCandidate> {
  const parsed = parseVendor(observationSchema, value);
  if (!parsed.ok) return parsed;
  const o = parsed.value;
  if (!ACCEPTED_STATUS.has(o.status)) {
    return reject('NOT_MAPPED', 'status', 'only final, amended or corrected observations are kept');
  }
  const measure = measureOf(o);
  if (!measure.ok) return measure;
  const m = measure.value;
  if (m === 'heartRate') {
    return reject('NOT_MAPPED', 'code', 'only a resting heart rate (LOINC 40443-4) is kept');
  }
  if ((m === 'sleepDuration') !== (topic === 'sleep')) return wrongTopic('code', topic);
  const recordId = o.id ?? fullUrl;
  if (!recordId) return reject('SCHEMA_INVALID', 'id', 'is required (or the Bundle entry fullUrl)');
  const amount = quantity(o, m);
  if (!amount.ok) return amount;
  const common = {
    readingId: vendorReadingId('fhir', recordId),
    subjectId,
    source: sourceFromName(o.device?.display) ?? sourceFromName(o.meta?.source) ?? 'other',
  };
  return m === 'sleepDuration' ? sleep(o, common, amount.value) : hrv(o, m, common, amount.value);
}

function measureOf(o: Observation): Result<FhirMeasure> {
  const found: Array<{ measure: FhirMeasure; index: number }> = [];
  for (const [index, c] of (o.code.coding ?? []).entries()) {
    const key = `${c.system ?? ''}|${c.code ?? ''}`;
    if (Object.hasOwn(MEASURE_BY_CODE, key)) found.push({ measure: MEASURE_BY_CODE[key]!, index });
  }
  if (found.length === 0) {
    return reject('NOT_MAPPED', 'code', 'no code Respite maps (LOINC 40443-4, 80404-7, 93832-4; RMSSD)');
  }
  // "Heart rate" next to "Heart rate --resting" only narrows it; any other pair is two measures.
  const distinct = new Set(found.map((f) => f.measure));
  if (distinct.has('restingHr')) distinct.delete('heartRate');
  if (distinct.size > 1) {
    return reject('SCHEMA_INVALID', `code.coding[${found[1]!.index}]`, 'codes name different measures');
  }
  const measure = [...distinct][0]!;
  if (measure === 'sdnn') {
    const loinc = found.find((f) => f.measure === 'sdnn')!;
    const texts: Array<[string, string | null | undefined]> = [
      [`code.coding[${loinc.index}].display`, o.code.coding![loinc.index]!.display],
      ['code.text', o.code.text],
    ];
    const rmssd = texts.find(([, t]) => t && /rmssd|successive diff/i.test(t));
    if (rmssd) return reject('SCHEMA_INVALID', rmssd[0], 'names RMSSD, but the code is SDNN');
  }
  return { ok: true, value: measure };
}

/** The value in Respite's unit (bpm, ms, minutes), checked against UCUM. */
function quantity(o: Observation, m: FhirMeasure): Result<number> {
  const q = o.valueQuantity;
  if (!q) return reject('MEASURE_MISSING', 'valueQuantity', 'is required');
  if (q.comparator != null)
    return reject('NOT_MAPPED', 'valueQuantity.comparator', 'a bound is not a measurement');
  if (q.system !== UCUM) return reject('SCHEMA_INVALID', 'valueQuantity.system', `must be ${UCUM}`);
  const factors = UCUM_FACTORS[m];
  if (q.code == null || !Object.hasOwn(factors, q.code)) {
    return reject('SCHEMA_INVALID', 'valueQuantity.code', `must be one of ${Object.keys(factors).join('|')}`);
  }
  if (q.unit != null && q.unit !== q.code && UNIT_TEXT[q.unit.toLowerCase()] !== q.code) {
    return reject('SCHEMA_INVALID', 'valueQuantity.unit', 'disagrees with valueQuantity.code');
  }
  return { ok: true, value: q.value * factors[q.code]! };
}

interface FhirTime {
  at: ParsedTimestamp;
  atPath: string;
  end?: ParsedTimestamp;
  endPath?: string;
}

function effective(o: Observation): Result<FhirTime> {
  const given = ['effectiveDateTime', 'effectiveInstant', 'effectivePeriod', 'effectiveTiming'].filter(
    (k) => o[k as keyof Observation] != null,
  );
  if (given.length > 1) return reject('SCHEMA_INVALID', given[1]!, 'only one effective[x] is allowed');
  if (given.length === 0) {
    return reject(
      'SCHEMA_INVALID',
      'effectiveDateTime',
      'is required (or effectivePeriod, effectiveInstant)',
    );
  }
  if (o.effectiveTiming != null) return reject('NOT_MAPPED', 'effectiveTiming', 'a schedule is not a time');
  const point = o.effectiveDateTime ?? o.effectiveInstant;
  if (point != null) {
    const atPath = o.effectiveDateTime != null ? 'effectiveDateTime' : 'effectiveInstant';
    const at = vendorTimestamp(point, atPath);
    return at.ok ? { ok: true, value: { at: at.value, atPath } } : at;
  }
  const p = o.effectivePeriod!;
  if (p.start == null) return reject('SCHEMA_INVALID', 'effectivePeriod.start', 'is required');
  const at = vendorTimestamp(p.start, 'effectivePeriod.start');
  if (!at.ok) return at;
  if (p.end == null) return { ok: true, value: { at: at.value, atPath: 'effectivePeriod.start' } };
  const end = vendorTimestamp(p.end, 'effectivePeriod.end');
  if (!end.ok) return end;
  if (end.value.epochMs < at.value.epochMs) {
    return reject('TIMESTAMP_INVALID', 'effectivePeriod.end', 'must not be before effectivePeriod.start');
  }
  return {
    ok: true,
    value: { at: at.value, atPath: 'effectivePeriod.start', end: end.value, endPath: 'effectivePeriod.end' },
  };
}

type Common = { readingId: string; subjectId: string; source: string };

function hrv(o: Observation, m: FhirMeasure, common: Common, value: number): Result<CanonicalCandidate> {
  const time = effective(o);
  if (!time.ok) return time;
  const { at, atPath, end, endPath } = time.value;
  const field = m === 'restingHr' ? 'restingHrBpm' : m === 'rmssd' ? 'rmssdMs' : 'sdnnMs';
  const candidate: JsonObject = {
    schema: 'hrv.v1',
    ...common,
    measuredAt: formatWithOffset(at.epochMs, at.utcOffsetMinutes),
    context: m === 'restingHr' ? 'rest' : 'unknown',
    [field]: Number(value.toFixed(6)),
  };
  const paths: Record<string, string> = {
    subjectId: 'key',
    measuredAt: atPath,
    [field]: 'valueQuantity.value',
  };
  const windowSeconds = end ? Math.round((end.epochMs - at.epochMs) / 1000) : 0;
  if (windowSeconds > 0) {
    candidate.windowSeconds = windowSeconds;
    paths.windowSeconds = endPath!;
  }
  return { ok: true, value: { candidate, paths, restingHrOnly: m === 'restingHr' } };
}

/** Tolerance between the sleep duration and its period, as for summed stages. */
const OVER_PERIOD_TOLERANCE_MIN = 5;

function sleep(o: Observation, common: Common, asleepMin: number): Result<CanonicalCandidate> {
  if (o.effectivePeriod == null) {
    return reject('SCHEMA_INVALID', 'effectivePeriod', 'is required: the sleep episode it was measured over');
  }
  const time = effective(o);
  if (!time.ok) return time;
  const { at: start, end } = time.value;
  if (!end) return reject('SCHEMA_INVALID', 'effectivePeriod.end', 'is required');
  const periodMin = (end.epochMs - start.epochMs) / 60_000;
  if (!(asleepMin >= 0) || asleepMin > periodMin + OVER_PERIOD_TOLERANCE_MIN) {
    return reject(
      'OUT_OF_RANGE',
      'valueQuantity.value',
      'must be between 0 and the length of effectivePeriod',
    );
  }
  const candidate: JsonObject = {
    schema: 'sleep.v1',
    ...common,
    startAt: formatWithOffset(start.epochMs, start.utcOffsetMinutes),
    endAt: formatWithOffset(end.epochMs, end.utcOffsetMinutes),
    isMainSleep: looksLikeMainSleep(start.epochMs, end.epochMs),
  };
  if (periodMin > 0) candidate.efficiency = Number(Math.min(1, asleepMin / periodMin).toFixed(6));
  const paths = {
    subjectId: 'key',
    startAt: 'effectivePeriod.start',
    endAt: 'effectivePeriod.end',
    efficiency: 'valueQuantity.value',
  };
  return { ok: true, value: { candidate, paths } };
}
