// zod shapes of the HL7 FHIR R4 resources the fhir adapter reads (Observation, Bundle), with only the
// elements it maps, and the codes and UCUM units it knows. Everything else in a resource is ignored.
import { z } from 'zod';
import { vendorRecordId } from './vendor-adapter';

export const LOINC = 'http://loinc.org';
export const MDC = 'urn:iso:std:iso:11073:10101';
export const UCUM = 'http://unitsofmeasure.org';
/**
 * LOINC has no RMSSD concept (80404-7 is "R-R interval.standard deviation", i.e. SDNN, and is often
 * mislabelled as RMSSD), and no IEEE 11073 term for it is relied on here: RMSSD is accepted under
 * this code system of Respite's, code "rmssd" (and SDNN also as code "sdnn").
 */
export const RESPITE_MEASURES = 'urn:respite:measure';

export type FhirMeasure = 'restingHr' | 'heartRate' | 'sdnn' | 'rmssd' | 'sleepDuration';

/** `system|code` → what it measures. */
export const MEASURE_BY_CODE: Record<string, FhirMeasure> = {
  [`${LOINC}|40443-4`]: 'restingHr', // Heart rate --resting
  [`${LOINC}|8867-4`]: 'heartRate', // Heart rate
  [`${MDC}|147842`]: 'heartRate', // MDC_ECG_HEART_RATE
  [`${LOINC}|80404-7`]: 'sdnn', // R-R interval.standard deviation (Heart rate variability)
  [`${RESPITE_MEASURES}|rmssd`]: 'rmssd',
  [`${RESPITE_MEASURES}|sdnn`]: 'sdnn',
  [`${LOINC}|93832-4`]: 'sleepDuration', // Sleep duration
};

/** The UCUM codes accepted per measure, with the factor to Respite's unit (bpm, ms, minutes). */
export const UCUM_FACTORS: Record<FhirMeasure, Record<string, number>> = {
  restingHr: { '/min': 1, '{beats}/min': 1, '{beat}/min': 1 },
  heartRate: { '/min': 1, '{beats}/min': 1, '{beat}/min': 1 },
  sdnn: { ms: 1, s: 1000 },
  rmssd: { ms: 1, s: 1000 },
  sleepDuration: { min: 1, h: 60, s: 1 / 60 },
};

/** Human-readable `unit` texts and the UCUM code each stands for; any other text must equal the code. */
export const UNIT_TEXT: Record<string, string> = {
  bpm: '/min',
  'beats/min': '/min',
  'beats/minute': '/min',
  'beats per minute': '/min',
  msec: 'ms',
  millisecond: 'ms',
  milliseconds: 'ms',
  sec: 's',
  second: 's',
  seconds: 's',
  minute: 'min',
  minutes: 'min',
  hour: 'h',
  hours: 'h',
  hr: 'h',
};

const coding = z.object({
  system: z.string().nullish(),
  code: z.string().nullish(),
  display: z.string().nullish(),
});
const quantity = z.object({
  value: z.number(),
  comparator: z.string().nullish(),
  unit: z.string().nullish(),
  system: z.string().nullish(),
  code: z.string().nullish(),
});
export const ACCEPTED_STATUS = new Set(['final', 'amended', 'corrected']);

export const observationSchema = z.object({
  resourceType: z.literal('Observation'),
  id: vendorRecordId.nullish(),
  status: z.enum([
    'registered',
    'preliminary',
    'final',
    'amended',
    'corrected',
    'cancelled',
    'entered-in-error',
    'unknown',
  ]),
  code: z.object({ coding: z.array(coding).max(32).nullish(), text: z.string().nullish() }),
  effectiveDateTime: z.string().nullish(),
  effectiveInstant: z.string().nullish(),
  effectivePeriod: z.object({ start: z.string().nullish(), end: z.string().nullish() }).nullish(),
  effectiveTiming: z.unknown().optional(),
  valueQuantity: quantity.nullish(),
  device: z.object({ display: z.string().nullish() }).nullish(),
  meta: z.object({ source: z.string().nullish() }).nullish(),
});
export type Observation = z.infer<typeof observationSchema>;

export const MAX_BUNDLE_ENTRIES = 1000;
export const ACCEPTED_BUNDLE_TYPES = ['collection', 'batch', 'transaction', 'searchset'] as const;

export const bundleSchema = z.object({
  resourceType: z.literal('Bundle'),
  type: z.string(),
  entry: z
    .array(
      z.object({
        fullUrl: z.string().nullish(),
        resource: z.object({ resourceType: z.string() }).loose().nullish(),
      }),
    )
    .max(MAX_BUNDLE_ENTRIES)
    .nullish(),
});
