// One message of every accepted format, produced to the real Kafka, decoded by the service and read
// back from the real InfluxDB: canonical hrv.v1/sleep.v1, Open mHealth (heart-rate-variability,
// heart-rate, an rr-interval series, sleep-episode), HealthKit, Health Connect and FHIR R4 (an
// Observation, and a Bundle whose bad entry is dead-lettered while its good entries are stored).
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { HistoryQuery } from '../../src/influx/influx.history-query';
import {
  bundle,
  observation,
  rmssdObservation,
  sdnnObservation,
  sleepObservation,
} from '../../src/ingest/decode/fhir.fixtures';
import { UCUM } from '../../src/ingest/decode/fhir.schema';
import { dataPoint } from '../../src/ingest/decode/openmhealth.conformance.fixtures';
import { hrvFromRr } from '../../src/ingest/hrv.metrics';
import { Pseudonymizer } from '../../src/privacy/pseudonymizer';
import {
  consentRecord,
  eventually,
  makeTestEnv,
  produce,
  startApp,
  type TestEnv,
  teardown,
} from '../support/harness';

const BEATS = [812, 790, 805, 830, 818, 801, 795, 809, 822, 815, 799, 806];
const t0 = (min: number) => `2026-11-20T02:${String(min).padStart(2, '0')}:00+01:00`;

const hrvMessages = [
  {
    schema: 'hrv.v1',
    readingId: randomUUID(),
    source: 'oura',
    measuredAt: t0(0),
    context: 'sleep',
    rmssdMs: 42,
  },
  dataPoint('heart-rate-variability', '1.0', {
    heart_rate_variability: { value: 41.7, unit: 'ms' },
    heart_rate_variability_algorithm: 'RMSSD',
    effective_time_frame: { date_time: t0(5) },
    temporal_relationship_to_sleep: 'during sleep',
  }),
  dataPoint('heart-rate', '2.0', {
    heart_rate: { value: 51, unit: 'beats/min' },
    effective_time_frame: { date_time: t0(10) },
    temporal_relationship_to_sleep: 'during sleep',
  }),
  BEATS.map((ms, i) =>
    dataPoint(
      'rr-interval',
      '1.0',
      {
        rr_interval: { value: ms, unit: 'ms' },
        effective_time_frame: { date_time: `2026-11-20T02:15:${String(i).padStart(2, '0')}+01:00` },
      },
      `rr-${i}`,
    ),
  ),
  {
    type: 'HKQuantityTypeIdentifierHeartRateVariabilitySDNN',
    uuid: '5E1B7C0A-8E55-4F7B-9C1D-2A3B4C5D6E7F',
    startDate: '2026-11-20 02:20:00 +0100',
    endDate: '2026-11-20 02:21:00 +0100',
    value: 48.2,
    unit: 'ms',
  },
  {
    time: '2026-11-20T01:25:00Z',
    zoneOffset: '+01:00',
    heartRateVariabilityMillis: 38.5,
    metadata: { id: 'hc-1', dataOrigin: { packageName: 'com.ouraring.oura' } },
  },
  observation({ effectiveDateTime: t0(30) }),
  bundle([
    sdnnObservation({ effectivePeriod: { start: t0(35), end: t0(40) } }),
    rmssdObservation({ effectiveDateTime: t0(45) }),
    rmssdObservation({ id: 'bad', valueQuantity: { value: 40, unit: 'bpm', system: UCUM, code: 'ms' } }),
  ]),
];

const sleepMessages = [
  {
    schema: 'sleep.v1',
    readingId: randomUUID(),
    source: 'whoop',
    startAt: '2026-11-16T23:00:00+01:00',
    endAt: '2026-11-17T06:30:00+01:00',
    isMainSleep: true,
    efficiency: 0.92,
  },
  dataPoint('sleep-episode', '1.1', {
    effective_time_frame: {
      time_interval: { start_date_time: '2026-11-17T23:00:00+01:00', duration: { value: 8, unit: 'h' } },
    },
    total_sleep_time: { value: 7.2, unit: 'h' },
    is_main_sleep: true,
  }),
  {
    type: 'HKCategoryTypeIdentifierSleepAnalysis',
    uuid: 'C0FFEE00-0000-4000-8000-000000000001',
    startDate: '2026-11-18 23:05:00 +0100',
    endDate: '2026-11-19 06:47:00 +0100',
    value: 'HKCategoryValueSleepAnalysisInBed',
  },
  {
    startTime: '2026-11-20T22:00:00Z',
    endTime: '2026-11-21T05:30:00Z',
    startZoneOffset: '+01:00',
    endZoneOffset: '+01:00',
    stages: [{ startTime: '2026-11-20T22:10:00Z', endTime: '2026-11-21T01:10:00Z', stage: 4 }],
    metadata: { id: 'hc-sleep-1', dataOrigin: { packageName: 'com.google.android.apps.fitness' } },
  },
  sleepObservation({
    effectivePeriod: { start: '2026-11-21T23:00:00+01:00', end: '2026-11-22T07:00:00+01:00' },
  }),
];

describe('every accepted format, through real Kafka into real InfluxDB', () => {
  let t: TestEnv;
  let app: INestApplication | undefined;

  beforeAll(async () => {
    t = await makeTestEnv('formats');
  });
  afterAll(() => teardown(t, [app]));

  it('stores the readings of each format and dead-letters only the bad Bundle entry', async () => {
    const subjectId = `nurse-${randomUUID()}`;
    await produce(t, t.env.TOPIC_CONSENT!, [consentRecord(subjectId)]);
    app = await startApp(t);
    const keyed = (v: unknown) => ({
      key: subjectId,
      value: JSON.stringify(isCanonical(v) ? { ...v, subjectId } : v),
    });
    await produce(t, t.env.TOPIC_HRV!, hrvMessages.map(keyed));
    await produce(t, t.env.TOPIC_SLEEP!, sleepMessages.map(keyed));

    const pid = app.get(Pseudonymizer).pid(subjectId);
    const history = app.get(HistoryQuery);
    const hrv = await eventually(
      () => history.pointsOf('hrv', pid),
      (rows) => rows.length >= 9,
    );
    const fromRr = hrvFromRr(BEATS)!;
    const at = (local: string) => new Date(local).toISOString();
    const pick = (r: Record<string, unknown>) => ({
      _time: at(String(r._time)),
      source: r.source,
      context: r.context,
      rmssd_ms: r.rmssd_ms ?? null,
      sdnn_ms: r.sdnn_ms ?? null,
      resting_hr_bpm: r.resting_hr_bpm ?? null,
    });
    const row = (time: string, source: string, context: string, f: Record<string, number>) => ({
      _time: at(time),
      source,
      context,
      rmssd_ms: null,
      sdnn_ms: null,
      resting_hr_bpm: null,
      ...f,
    });
    expect(hrv.map(pick)).toEqual([
      row(t0(0), 'oura', 'sleep', { rmssd_ms: 42 }),
      row(t0(5), 'polar', 'sleep', { rmssd_ms: 41.7 }),
      row(t0(10), 'polar', 'sleep', { resting_hr_bpm: 51 }),
      row('2026-11-20T02:15:00+01:00', 'polar', 'unknown', {
        rmssd_ms: fromRr.rmssdMs,
        sdnn_ms: fromRr.sdnnMs,
      }),
      row(t0(20), 'apple', 'unknown', { sdnn_ms: 48.2 }),
      row(t0(25), 'oura', 'unknown', { rmssd_ms: 38.5 }),
      row(t0(30), 'garmin', 'rest', { resting_hr_bpm: 52 }),
      row(t0(35), 'garmin', 'unknown', { sdnn_ms: 48.5 }),
      row(t0(45), 'garmin', 'unknown', { rmssd_ms: 41.2 }),
    ]);

    const sleep = await eventually(
      () => history.pointsOf('sleep', pid),
      (rows) => rows.length >= 5,
    );
    expect(sleep.map((r) => [at(String(r._time)), r.source, r.in_bed_min, r.efficiency ?? null])).toEqual([
      [at('2026-11-17T06:30:00+01:00'), 'whoop', 450, 0.92],
      [at('2026-11-18T07:00:00+01:00'), 'polar', 480, 0.9],
      [at('2026-11-19T06:47:00+01:00'), 'apple', 462, null],
      [at('2026-11-21T06:30:00+01:00'), 'healthconnect', 450, null],
      [at('2026-11-22T07:00:00+01:00'), 'garmin', 480, 0.9],
    ]);

    const letters = await deadLetters(t);
    expect(letters).toEqual([
      expect.objectContaining({
        originalTopic: t.env.TOPIC_HRV,
        error: expect.objectContaining({
          code: 'SCHEMA_INVALID',
          path: 'entry[2].resource.valueQuantity.unit',
        }),
      }),
    ]);
  });
});

function isCanonical(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && 'schema' in v;
}

/** Everything on the two dead-letter topics once the service has stored the good readings. */
async function deadLetters(t: TestEnv): Promise<Array<Record<string, unknown>>> {
  const seen: Array<Record<string, unknown>> = [];
  const consumer = t.kafka.consumer({ groupId: `${t.prefix}-dlq-reader` });
  await consumer.connect();
  await consumer.subscribe({
    topics: [`${t.env.TOPIC_HRV}.dlq`, `${t.env.TOPIC_SLEEP}.dlq`],
    fromBeginning: true,
  });
  await consumer.run({
    eachMessage: async ({ message }) => {
      seen.push(JSON.parse(message.value!.toString('utf8')) as Record<string, unknown>);
    },
  });
  try {
    await eventually(
      async () => seen.length,
      (n) => n >= 1,
    );
    await new Promise((r) => setTimeout(r, 2000)); // and nothing else arrives
  } finally {
    await consumer.disconnect();
  }
  return seen;
}
