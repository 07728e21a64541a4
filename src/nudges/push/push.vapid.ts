import { generateVAPIDKeys } from 'web-push';
import { type AppConfig, ConfigError } from '../../config/config.schema';

export interface Vapid {
  publicKey: string;
  privateKey: string;
  subject: string;
  /** Generated at start: subscriptions made against it stop working at the next restart. */
  ephemeral: boolean;
}

export const EPHEMERAL_VAPID_SUBJECT = 'mailto:respite-dev@example.invalid';

type VapidConfig = Pick<AppConfig, 'NODE_ENV' | 'VAPID_PUBLIC_KEY' | 'VAPID_PRIVATE_KEY' | 'VAPID_SUBJECT'>;

/**
 * The VAPID identity push services know this server by. The config schema refuses a partial set
 * and mismatched keys; none at all stops the service in production, and outside production an
 * ephemeral pair keeps development and tests going, with a warning.
 */
export function resolveVapid(c: VapidConfig, warn: (message: string) => void): Vapid {
  if (c.VAPID_PUBLIC_KEY && c.VAPID_PRIVATE_KEY && c.VAPID_SUBJECT) {
    return {
      publicKey: c.VAPID_PUBLIC_KEY,
      privateKey: c.VAPID_PRIVATE_KEY,
      subject: c.VAPID_SUBJECT,
      ephemeral: false,
    };
  }
  if (c.NODE_ENV === 'production') {
    throw new ConfigError(
      'invalid configuration:\n  VAPID_PUBLIC_KEY: VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT are required in production',
    );
  }
  warn(
    'VAPID keys not configured: using an ephemeral pair; push subscriptions will not survive a restart ' +
      '(set VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY, VAPID_SUBJECT; `npx web-push generate-vapid-keys`)',
  );
  const keys = generateVAPIDKeys();
  return { ...keys, subject: EPHEMERAL_VAPID_SUBJECT, ephemeral: true };
}
