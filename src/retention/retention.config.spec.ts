import { configError, REQUIRED_ENV } from '../config/config.fixtures';
import { parseConfig } from '../config/config.schema';

describe('retention settings', () => {
  it('defaults to 90 days of readings, 400 of nightly summaries, daily at 03:15 UTC', () => {
    expect(parseConfig(REQUIRED_ENV)).toMatchObject({
      RETENTION_RAW_DAYS: 90,
      RETENTION_DAILY_DAYS: 400,
      RETENTION_SCHEDULE_ENABLED: true,
      RETENTION_CRON: '15 3 * * *',
    });
  });

  it('refuses raw retention below 14 days, naming the variable', () => {
    expect(configError({ RETENTION_RAW_DAYS: '13' })).toContain('RETENTION_RAW_DAYS: must be at least 14');
    expect(configError({ RETENTION_RAW_DAYS: '14' })).toBe('accepted');
    expect(configError({ RETENTION_RAW_DAYS: '30.5' })).toContain('RETENTION_RAW_DAYS');
  });

  it('refuses daily retention below 120 days, or below the raw retention', () => {
    expect(configError({ RETENTION_DAILY_DAYS: '119' })).toContain(
      'RETENTION_DAILY_DAYS: must be at least 120',
    );
    expect(configError({ RETENTION_DAILY_DAYS: '120' })).toBe('accepted');
    expect(configError({ RETENTION_RAW_DAYS: '200', RETENTION_DAILY_DAYS: '150' })).toContain(
      'RETENTION_DAILY_DAYS: below RETENTION_RAW_DAYS',
    );
    expect(configError({ RETENTION_RAW_DAYS: '200', RETENTION_DAILY_DAYS: '200' })).toBe('accepted');
  });

  it('checks the schedule variables', () => {
    expect(configError({ RETENTION_CRON: 'nightly' })).toContain('RETENTION_CRON');
    expect(configError({ RETENTION_SCHEDULE_ENABLED: 'yes' })).toContain('RETENTION_SCHEDULE_ENABLED');
    expect(
      parseConfig({ ...REQUIRED_ENV, RETENTION_SCHEDULE_ENABLED: 'false' }).RETENTION_SCHEDULE_ENABLED,
    ).toBe(false);
  });
});
