import { uuidV5, vendorReadingId } from './name-based-uuid';
import { looksLikeMainSleep, sourceFromName, translatePath } from './vendor-adapter';

describe('uuidV5', () => {
  it('matches the RFC 9562 / Python reference value', () => {
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org')).toBe(
      '886313e1-3b8a-5372-9b90-0c9aee199e5d',
    );
  });

  it('derives stable, distinct, version-5 reading ids per vendor record', () => {
    const a = vendorReadingId('healthkit', 'ABC');
    expect(vendorReadingId('healthkit', 'ABC')).toBe(a);
    expect(vendorReadingId('healthconnect', 'ABC')).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('translatePath', () => {
  const paths = {
    rmssdMs: 'heartRateVariabilityMillis',
    stagesMin: 'stages',
    'stagesMin.deep': 'body.deep.value',
  };
  it.each([
    ['rmssdMs', 'heartRateVariabilityMillis'],
    ['stagesMin.deep', 'body.deep.value'],
    ['stagesMin.rem', 'stages.rem'],
    ['stagesMin', 'stages'],
    ['rrIntervalsMs[3]', 'rrIntervalsMs[3]'],
    ['constructor', 'constructor'],
    ['', ''],
  ])('%s → %s', (from, to) => {
    expect(translatePath(from, paths)).toBe(to);
  });
});

describe('sourceFromName', () => {
  it.each([
    ['com.ouraring.oura', 'oura'],
    ['com.sec.android.app.shealth', 'samsung'],
    ['fi.polar.polarflow', 'polar'],
    ['com.garmin.android.apps.connectmobile', 'garmin'],
    ['com.fitbit.FitbitMobile', 'fitbit'],
    ['WHOOP', 'whoop'],
    ["Anna's iPhone", 'apple'],
    ['com.google.android.apps.fitness', undefined],
    [null, undefined],
  ])('%s → %s', (name, source) => {
    expect(sourceFromName(name)).toBe(source);
  });
});

describe('looksLikeMainSleep', () => {
  it('takes sessions of 3 h or more as the main sleep', () => {
    expect(looksLikeMainSleep(0, 3 * 3600_000)).toBe(true);
    expect(looksLikeMainSleep(0, 3 * 3600_000 - 1)).toBe(false);
  });
});
