import { createECDH, randomBytes } from 'node:crypto';
import { endpointProblem, pushSubscriptionSchema } from './push.subscription.dto';

const ecdh = createECDH('prime256v1');
ecdh.generateKeys();
const valid = {
  endpoint: 'https://fcm.googleapis.com/fcm/send/abc',
  expirationTime: null,
  keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') },
};
const paths = (body: unknown) => {
  const r = pushSubscriptionSchema.safeParse(body);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
};

describe('push subscription body', () => {
  it('accepts what PushSubscription.toJSON() gives, dropping extra fields', () => {
    const parsed = pushSubscriptionSchema.parse({ ...valid, extra: 1 });
    expect(parsed).toEqual(valid);
  });

  it('names the offending field', () => {
    const off = Buffer.from(valid.keys.p256dh, 'base64url');
    off[40]! ^= 1; // no longer on the curve
    expect(paths({ ...valid, endpoint: 'ftp://x/y' })).toEqual(['endpoint']);
    expect(paths({ ...valid, keys: { ...valid.keys, p256dh: off.toString('base64url') } })).toEqual([
      'keys.p256dh',
    ]);
    expect(paths({ ...valid, keys: { ...valid.keys, auth: 'AAAA' } })).toEqual(['keys.auth']);
    expect(paths({ endpoint: valid.endpoint })).toEqual(['keys']);
    expect(paths({ ...valid, expirationTime: 'soon' })).toEqual(['expirationTime']);
  });
});

describe('endpointProblem', () => {
  const policy = {
    hosts: ['fcm.googleapis.com', 'web.push.apple.com', '127.0.0.1'],
    allowLoopbackHttp: false,
  };

  it('allows https to listed push services and their subdomains only', () => {
    expect(endpointProblem('https://fcm.googleapis.com/fcm/send/x', policy)).toBeUndefined();
    expect(endpointProblem('https://a.web.push.apple.com/x', policy)).toBeUndefined();
    expect(endpointProblem('https://evilfcm.googleapis.com.example/x', policy)).toMatch(/push service/);
    expect(endpointProblem('https://10.0.0.5/x', policy)).toMatch(/push service/);
    expect(endpointProblem('https://u:p@fcm.googleapis.com/x', policy)).toMatch(/credentials/);
  });

  it('allows plain http only to a listed loopback host, and only when told to', () => {
    expect(endpointProblem('http://fcm.googleapis.com/x', policy)).toMatch(/https/);
    expect(endpointProblem('http://127.0.0.1:9/x', policy)).toMatch(/https/);
    expect(endpointProblem('http://127.0.0.1:9/x', { ...policy, allowLoopbackHttp: true })).toBeUndefined();
    expect(endpointProblem('http://localhost:9/x', { ...policy, allowLoopbackHttp: true })).toMatch(
      /push service/,
    );
  });
});
