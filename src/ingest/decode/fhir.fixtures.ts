// FHIR R4 Observations and Bundles for the decoder specs and the integration test. Not a spec.
import { LOINC, RESPITE_MEASURES, UCUM } from './fhir.schema';

type Obj = Record<string, unknown>;

export const observation = (over: Obj = {}): Obj => ({
  resourceType: 'Observation',
  id: 'obs-rhr-1',
  status: 'final',
  category: [
    {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }],
    },
  ],
  code: { coding: [{ system: LOINC, code: '40443-4', display: 'Heart rate --resting' }] },
  subject: { reference: 'Patient/p-42' },
  effectiveDateTime: '2026-11-20T03:10:00+01:00',
  valueQuantity: { value: 52, unit: 'beats/minute', system: UCUM, code: '/min' },
  device: { display: 'Garmin Venu 3' },
  ...over,
});

export const sdnnObservation = (over: Obj = {}): Obj =>
  observation({
    id: 'obs-sdnn-1',
    code: {
      coding: [
        {
          system: LOINC,
          code: '80404-7',
          display: 'R-R interval.standard deviation (Heart rate variability)',
        },
      ],
    },
    effectivePeriod: { start: '2026-11-20T03:10:00+01:00', end: '2026-11-20T03:15:00+01:00' },
    effectiveDateTime: undefined,
    valueQuantity: { value: 48.5, unit: 'ms', system: UCUM, code: 'ms' },
    ...over,
  });

export const rmssdObservation = (over: Obj = {}): Obj =>
  observation({
    id: 'obs-rmssd-1',
    code: { coding: [{ system: RESPITE_MEASURES, code: 'rmssd', display: 'RMSSD' }] },
    effectiveDateTime: '2026-11-20T03:20:00+01:00',
    valueQuantity: { value: 41.2, unit: 'ms', system: UCUM, code: 'ms' },
    ...over,
  });

export const sleepObservation = (over: Obj = {}): Obj =>
  observation({
    id: 'obs-sleep-1',
    code: { coding: [{ system: LOINC, code: '93832-4', display: 'Sleep duration' }] },
    effectiveDateTime: undefined,
    effectivePeriod: { start: '2026-11-19T23:00:00+01:00', end: '2026-11-20T07:00:00+01:00' },
    valueQuantity: { value: 7.2, unit: 'h', system: UCUM, code: 'h' },
    ...over,
  });

export const bundle = (resources: Obj[], over: Obj = {}): Obj => ({
  resourceType: 'Bundle',
  type: 'collection',
  entry: resources.map((resource, i) => ({
    fullUrl: `urn:uuid:00000000-0000-4000-8000-00000000000${i}`,
    resource,
  })),
  ...over,
});
