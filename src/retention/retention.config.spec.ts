import { ConfigError, parseConfig } from '../config/config.schema';

const required = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  INFLUX_URL: 'http://127.0.0.1:8086',
  INFLUX_TOKEN: 't',
  PSEUDONYM_KEYS: `k1:${'s'.repeat(32)}`,
  JWT_SECRET: 'x'.repeat(32),
};

function configError(env: Record<string, string>): string {
  try {
    parseConfig({ ...required, ...env });
    return 'accepted';
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
}

describe('retention settings', () => {
  it('defaults to 90 days of readings, 400 of nightly summaries, daily at 03:15 UTC', () => {
    expect(parseConfig(required)).toMatchObject({
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
    expect(parseConfig({ ...required, RETENTION_SCHEDULE_ENABLED: 'false' }).RETENTION_SCHEDULE_ENABLED).toBe(
      false,
    );
  });
});
