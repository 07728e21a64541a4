// For the specs of settings: the smallest valid environment, and parseConfig's verdict on more.
import { ConfigError, parseConfig } from './config.schema';

/** What every configuration needs (a JWT secret as the key source: most specs are not about auth). */
export const REQUIRED_ENV: Readonly<Record<string, string | undefined>> = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  INFLUX_URL: 'http://127.0.0.1:8086',
  INFLUX_TOKEN: 't',
  PSEUDONYM_KEYS: `k1:${'s'.repeat(32)}`,
  JWT_SECRET: 'x'.repeat(32),
};

/** parseConfig's message for `env` on top of `base`, or 'accepted'. */
export function configError(
  env: Record<string, string | undefined>,
  base: Readonly<Record<string, string | undefined>> = REQUIRED_ENV,
): string {
  try {
    parseConfig({ ...base, ...env });
    return 'accepted';
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
}
