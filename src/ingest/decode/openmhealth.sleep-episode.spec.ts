import { decodeObject, KEY, rejected } from './decode.fixtures';
import { vendorReadingId } from './name-based-uuid';
import type { TopicKind } from './reading.types';

const decode = decodeObject;
type Obj = Record<string, unknown>;

const sleepPoint = (body: Obj = {}, header: Obj = {}) => ({
  header: {
    id: 'omh-sleep-1',
    creation_date_time: '2026-11-20T07:00:00Z',
    schema_id: { namespace: 'omh', name: 'sleep-episode', version: '1.1' },
    acquisition_provenance: { source_name: 'Fitbit', modality: 'sensed' },
    user_id: 'vendor-user-99',
    ...header,
  },
  body: {
    effective_time_frame: {
      time_interval: {
        start_date_time: '2026-11-19T23:05:00+01:00',
        end_date_time: '2026-11-20T06:47:00+01:00',
      },
    },
    is_main_sleep: true,
    sleep_maintenance_efficiency_percentage: { value: 91, unit: '%' },
    wake_after_sleep_onset: { value: 31, unit: 'min' },
    light_sleep_duration: { value: 3.5, unit: 'h' },
    deep_sleep_duration: { value: 3840, unit: 'sec' },
    rem_sleep_duration: { value: 98, unit: 'min' },
    number_of_awakenings: 3,
    ...body,
  },
});
const reversed = { start_date_time: '2026-11-20T06:00:00Z', end_date_time: '2026-11-20T05:00:00Z' };

describe('openMHealthAdapter: sleep-episode', () => {
  it('maps an OMH 1.x sleep-episode with efficiency and stage durations', () => {
    expect(decode('sleep', sleepPoint())).toEqual({
      ok: true,
      reading: {
        kind: 'sleep',
        readingId: vendorReadingId('openmhealth', 'omh-sleep-1'),
        subjectId: KEY,
        source: 'fitbit',
        startAt: '2026-11-19T23:05:00+01:00',
        startAtMs: Date.UTC(2026, 10, 19, 22, 5),
        endAt: '2026-11-20T06:47:00+01:00',
        endAtMs: Date.UTC(2026, 10, 20, 5, 47),
        utcOffsetMinutes: 60,
        isMainSleep: true,
        stagesMin: { awake: 31, light: 210, deep: 64, rem: 98 },
        efficiency: 0.91,
      },
    });
  });

  it('reads the IEEE efficiency field and guesses main sleep from the length when absent', () => {
    const r = decode(
      'sleep',
      sleepPoint({
        is_main_sleep: undefined,
        sleep_maintenance_efficiency_percentage: undefined,
        sleep_efficiency_percentage: { value: 87.5, unit: '%' },
        wake_after_sleep_onset: undefined,
        light_sleep_duration: undefined,
        deep_sleep_duration: undefined,
        rem_sleep_duration: undefined,
      }),
    );
    expect(r.ok && r.reading).toEqual(expect.objectContaining({ isMainSleep: true, efficiency: 0.875 }));
    expect(r.ok && r.reading.kind === 'sleep' && r.reading.stagesMin).toBeUndefined();
  });

  const F = 'body.effective_time_frame';
  const EFF = 'body.sleep_maintenance_efficiency_percentage';
  const NAME = 'header.schema_id.name';
  it.each([
    ['hrv', sleepPoint(), 'UNKNOWN_SHAPE', NAME],
    [
      'sleep',
      sleepPoint({ sleep_maintenance_efficiency_percentage: { value: 120, unit: '%' } }),
      'OUT_OF_RANGE',
      `${EFF}.value`,
    ],
    [
      'sleep',
      sleepPoint({ sleep_maintenance_efficiency_percentage: { value: 1, unit: '1' } }),
      'SCHEMA_INVALID',
      `${EFF}.unit`,
    ],
    [
      'sleep',
      sleepPoint({ deep_sleep_duration: { value: 2000, unit: 'min' } }),
      'OUT_OF_RANGE',
      'body.deep_sleep_duration.value',
    ],
    ['sleep', sleepPoint({ light_sleep_duration: { value: 9, unit: 'h' } }), 'OUT_OF_RANGE', 'body'],
    [
      'sleep',
      sleepPoint({ effective_time_frame: { date_time: '2026-11-20T03:10Z' } }),
      'SCHEMA_INVALID',
      `${F}.time_interval`,
    ],
    [
      'sleep',
      sleepPoint({ effective_time_frame: { time_interval: reversed } }),
      'SLEEP_ENDS_BEFORE_START',
      `${F}.time_interval.end_date_time`,
    ],
  ] as Array<[TopicKind, unknown, string, string]>)(
    'rejects (%s) case %# with %s at %s',
    (topic, value, code, path) => {
      expect(decode(topic, value)).toEqual(rejected(code, path));
    },
  );

  const I = `${F}.time_interval`;
  const interval = (time_interval: Obj) =>
    sleepPoint({
      effective_time_frame: { time_interval },
      sleep_maintenance_efficiency_percentage: undefined,
      wake_after_sleep_onset: undefined,
      light_sleep_duration: undefined,
      deep_sleep_duration: undefined,
      rem_sleep_duration: undefined,
    });
  it.each([
    [
      'start + end',
      { start_date_time: '2026-11-19T23:05:00+01:00', end_date_time: '2026-11-20T06:47:00+01:00' },
    ],
    [
      'start + duration',
      { start_date_time: '2026-11-19T23:05:00+01:00', duration: { value: 462, unit: 'min' } },
    ],
    ['end + duration', { end_date_time: '2026-11-20T06:47:00+01:00', duration: { value: 7.7, unit: 'h' } }],
  ])('places a time interval given as %s', (_form, time_interval) => {
    expect(decode('sleep', interval(time_interval))).toEqual({
      ok: true,
      reading: expect.objectContaining({
        startAt: '2026-11-19T23:05:00+01:00',
        endAt: '2026-11-20T06:47:00+01:00',
        utcOffsetMinutes: 60,
      }),
    });
  });

  it.each([
    [{ date: '2026-11-19', part_of_day: 'night' }, 'NOT_MAPPED', `${I}.part_of_day`],
    [{ start_date_time: '2026-11-19T23:05:00+01:00' }, 'SCHEMA_INVALID', I],
    [
      {
        ...{ start_date_time: '2026-11-19T23:05:00Z', end_date_time: '2026-11-20T06:00:00Z' },
        duration: { value: 7, unit: 'h' },
      },
      'SCHEMA_INVALID',
      I,
    ],
    [
      { end_date_time: '2026-11-20T06:47:00+01:00', duration: { value: 1, unit: 'Mo' } },
      'SCHEMA_INVALID',
      `${I}.duration.unit`,
    ],
    [
      { end_date_time: '2026-11-20T06:47:00+01:00', duration: { value: -2, unit: 'h' } },
      'OUT_OF_RANGE',
      `${I}.duration.value`,
    ],
  ])('refuses the interval %j with %s at %s', (time_interval, code, path) => {
    expect(decode('sleep', interval(time_interval))).toEqual(rejected(code, path));
  });

  it('takes total_sleep_time as the time asleep: efficiency = total_sleep_time / episode', () => {
    const tst = (value: number, over: Obj = {}) =>
      sleepPoint({
        sleep_maintenance_efficiency_percentage: undefined,
        light_sleep_duration: undefined,
        deep_sleep_duration: undefined,
        rem_sleep_duration: undefined,
        total_sleep_time: { value, unit: 'min' },
        ...over,
      });
    // the episode is 462 minutes
    expect(decode('sleep', tst(415.8))).toEqual({
      ok: true,
      reading: expect.objectContaining({ efficiency: 0.9 }),
    });
    expect(decode('sleep', tst(480))).toEqual(rejected('OUT_OF_RANGE', 'body.total_sleep_time.value'));
    const disagrees = tst(300, { sleep_maintenance_efficiency_percentage: { value: 90, unit: '%' } });
    expect(decode('sleep', disagrees)).toEqual(rejected('SCHEMA_INVALID', 'body.total_sleep_time.value'));
  });

  it('ignores header.user_id: the subject is the key', () => {
    const r = decode('sleep', sleepPoint(), 'subject-from-key');
    expect(r.ok && r.reading.subjectId).toBe('subject-from-key');
    expect(decode('sleep', sleepPoint(), null)).toEqual(rejected('SCHEMA_INVALID', 'key'));
  });
});
