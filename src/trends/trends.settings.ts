import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../config/config.schema';
import { ConfigError } from '../config/config.schema';
import { parseTrendPrivacy, type TrendPrivacyConfig } from './trends.config';

export const TREND_SETTINGS = Symbol('TREND_SETTINGS');

/** The trend feature's settings, derived once from the parsed configuration. */
export interface TrendSettings {
  privacy: TrendPrivacyConfig;
  salt: string;
  /** Generated for this process only: its memory cannot survive a restart. */
  saltEphemeral: boolean;
  cohorts: string[];
  memoryDays: number;
}

type TrendEnv = Pick<
  AppConfig,
  | 'NODE_ENV'
  | 'TRENDS_K'
  | 'TRENDS_EPSILON'
  | 'TRENDS_DAILY_EPSILON_BUDGET'
  | 'TRENDS_SALT'
  | 'TRENDS_COHORTS'
  | 'TRENDS_MEMORY_DAYS'
>;

/**
 * Production needs a lasting TRENDS_SALT: the memory that stops differencing attacks is keyed by it.
 * Elsewhere a missing salt is generated per process (`warn` is told), and the memory starts afresh
 * at every start.
 */
export function trendSettings(c: TrendEnv, warn: (message: string) => void): TrendSettings {
  if (c.TRENDS_SALT === undefined && c.NODE_ENV === 'production') {
    throw new ConfigError('invalid configuration:\n  TRENDS_SALT: required in production (≥ 16 characters)');
  }
  const salt = c.TRENDS_SALT ?? randomBytes(24).toString('base64url');
  if (c.TRENDS_SALT === undefined && c.NODE_ENV === 'development') {
    warn('TRENDS_SALT is not set: using an ephemeral salt, so trend memory resets at every start');
  }
  return {
    privacy: parseTrendPrivacy({
      k: c.TRENDS_K,
      epsilon: c.TRENDS_EPSILON,
      dailyEpsilonBudget: c.TRENDS_DAILY_EPSILON_BUDGET,
    }),
    salt,
    saltEphemeral: c.TRENDS_SALT === undefined,
    cohorts: [...new Set(c.TRENDS_COHORTS ?? [])],
    memoryDays: c.TRENDS_MEMORY_DAYS,
  };
}
