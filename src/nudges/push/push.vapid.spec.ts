import { generateVAPIDKeys } from 'web-push';
import { configError, REQUIRED_ENV } from '../../config/config.fixtures';
import { ConfigError, parseConfig } from '../../config/config.schema';
import { EPHEMERAL_VAPID_SUBJECT, resolveVapid } from './push.vapid';

const keys = generateVAPIDKeys();
const vapid = {
  VAPID_PUBLIC_KEY: keys.publicKey,
  VAPID_PRIVATE_KEY: keys.privateKey,
  VAPID_SUBJECT: 'mailto:ops@example.org',
};

describe('VAPID configuration', () => {
  it('takes all three variables or none, and the keys must belong together', () => {
    expect(configError(vapid)).toBe('accepted');
    expect(configError({})).toBe('accepted');
    expect(configError({ VAPID_PUBLIC_KEY: keys.publicKey })).toContain('VAPID_PUBLIC_KEY: set all of');
    expect(configError({ ...vapid, VAPID_PRIVATE_KEY: generateVAPIDKeys().privateKey })).toContain(
      'VAPID_PRIVATE_KEY: does not match VAPID_PUBLIC_KEY',
    );
    expect(configError({ ...vapid, VAPID_PUBLIC_KEY: 'short' })).toContain('VAPID_PUBLIC_KEY');
    expect(configError({ ...vapid, VAPID_SUBJECT: 'ops@example.org' })).toContain('VAPID_SUBJECT');
  });

  it('uses the configured keys', () => {
    const warn = jest.fn();
    const c = parseConfig({
      ...REQUIRED_ENV,
      ...vapid,
      NODE_ENV: 'production',
      JWT_SECRET: '',
      JWT_JWKS_URL: 'https://idp/jwks',
    });
    expect(resolveVapid(c, warn)).toEqual({ ...keys, subject: vapid.VAPID_SUBJECT, ephemeral: false });
    expect(warn).not.toHaveBeenCalled();
  });

  it('generates an ephemeral pair with a warning outside production, and refuses to start in production', () => {
    const warn = jest.fn();
    const dev = resolveVapid(parseConfig(REQUIRED_ENV), warn);
    expect(dev).toMatchObject({ subject: EPHEMERAL_VAPID_SUBJECT, ephemeral: true });
    expect(Buffer.from(dev.publicKey, 'base64url')).toHaveLength(65);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('ephemeral'));
    const prod = parseConfig({
      ...REQUIRED_ENV,
      NODE_ENV: 'production',
      JWT_SECRET: '',
      JWT_JWKS_URL: 'https://idp/jwks',
    });
    expect(() => resolveVapid(prod, warn)).toThrow(ConfigError);
    expect(() => resolveVapid(prod, warn)).toThrow(/VAPID_PUBLIC_KEY.*required in production/);
  });

  it('reads quiet hours and the default zone, naming a bad value', () => {
    expect(parseConfig(REQUIRED_ENV)).toMatchObject({
      NUDGE_QUIET_HOURS: { start: '21:00', end: '07:30' },
      NUDGE_TIME_ZONE: 'Europe/Berlin',
      TOPIC_INBOX: 'respite.inbox.v1',
      NUDGE_RELEASE_ENABLED: true,
    });
    expect(parseConfig({ ...REQUIRED_ENV, NUDGE_QUIET_HOURS: '22:15-06:00' }).NUDGE_QUIET_HOURS).toEqual({
      start: '22:15',
      end: '06:00',
    });
    expect(configError({ NUDGE_QUIET_HOURS: '25:00-07:00' })).toContain('NUDGE_QUIET_HOURS');
    expect(configError({ NUDGE_TIME_ZONE: 'Mars/Olympus' })).toContain(
      'NUDGE_TIME_ZONE: expected an IANA time zone',
    );
  });
});
