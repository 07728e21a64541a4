import { configError, REQUIRED_ENV } from '../config/config.fixtures';
import { parseConfig } from '../config/config.schema';
import { trendSettings } from './trends.settings';

describe('trend settings', () => {
  it('refuses k below 5, naming the variable', () => {
    expect(configError({ TRENDS_K: '4' })).toContain('TRENDS_K: must be at least 5');
    expect(configError({ TRENDS_K: '5' })).toBe('accepted');
    expect(parseConfig(REQUIRED_ENV).TRENDS_K).toBe(10);
  });

  it('checks the other trend variables', () => {
    expect(configError({ TRENDS_SALT: 'short' })).toContain('TRENDS_SALT');
    expect(configError({ TRENDS_COHORTS: 'unit:a,Unit B' })).toContain('TRENDS_COHORTS');
    expect(configError({ TRENDS_CRON_DAILY: 'every day' })).toContain('TRENDS_CRON_DAILY');
    expect(configError({ TRENDS_EPSILON: '2', TRENDS_DAILY_EPSILON_BUDGET: '1' })).toContain(
      'TRENDS_DAILY_EPSILON_BUDGET',
    );
    expect(parseConfig({ ...REQUIRED_ENV, TRENDS_COHORTS: 'unit:a, unit:b' }).TRENDS_COHORTS).toEqual([
      'unit:a',
      'unit:b',
    ]);
  });

  it('requires a salt in production and generates one (with a warning) in development', () => {
    const warn = jest.fn();
    const prod = { ...parseConfig(REQUIRED_ENV), NODE_ENV: 'production' as const };
    expect(() => trendSettings(prod, warn)).toThrow('TRENDS_SALT: required in production');
    expect(warn).not.toHaveBeenCalled();
    const dev = trendSettings(parseConfig({ ...REQUIRED_ENV, NODE_ENV: 'development' }), warn);
    expect(dev).toMatchObject({ saltEphemeral: true, cohorts: [] });
    expect(dev.salt.length).toBeGreaterThanOrEqual(16);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('TRENDS_SALT'));
    const fixed = trendSettings(
      parseConfig({ ...REQUIRED_ENV, TRENDS_SALT: 'a'.repeat(16), TRENDS_K: '12' }),
      warn,
    );
    expect(fixed).toMatchObject({
      saltEphemeral: false,
      salt: 'a'.repeat(16),
      privacy: { k: 12, epsilon: 0 },
    });
  });
});
