import { createPublicKey } from 'node:crypto';
import { ApiProperty } from '@nestjs/swagger';
import { z } from 'zod';
import { requestModel } from '../../common/api-schema';

const bytes = (s: string) => Buffer.from(s, 'base64url');

/** An uncompressed point on P-256 (what PushSubscription.getKey('p256dh') gives): 65 bytes, 0x04 first. */
function isP256Point(s: string): boolean {
  const b = bytes(s);
  if (b.length !== 65 || b[0] !== 0x04) return false;
  try {
    const x = b.subarray(1, 33).toString('base64url');
    const y = b.subarray(33).toString('base64url');
    createPublicKey({ key: { kty: 'EC', crv: 'P-256', x, y }, format: 'jwk' });
    return true;
  } catch {
    return false;
  }
}

/**
 * A browser's `PushSubscription.toJSON()`. Not strict: browsers may add fields, which are dropped.
 * Where the endpoint may point is decided separately (endpointProblem), because it depends on config.
 */
const pushKeysSchema = requestModel(
  'PushKeysDto',
  z.object({
    // 65 bytes are 87 base64url characters (88 padded), the first byte 0x04 makes the first one `B`
    p256dh: z
      .string()
      .regex(/^B[A-Za-z0-9_-]{86}=?$/, 'expected base64url of 65 bytes')
      .refine(isP256Point, 'expected an uncompressed P-256 public key (65 bytes)')
      .describe('P-256 public key of the browser, base64url (65 bytes)'),
    auth: z
      .string()
      .regex(/^[A-Za-z0-9_-]{22}(?:==)?$/, 'expected a 16-byte auth secret, base64url')
      .describe('auth secret, base64url (16 bytes)'),
  }),
);

export const pushSubscriptionSchema = requestModel(
  'PushSubscriptionDto',
  z.object({
    endpoint: z
      .url({ protocol: /^https?$/, error: 'expected an https URL' })
      .max(2048)
      .describe('push service URL'),
    expirationTime: z
      .number()
      .int()
      .nonnegative()
      .nullable()
      .optional()
      .describe('ms since the epoch, or null'),
    keys: pushKeysSchema,
  }),
);
export type PushSubscriptionJson = z.output<typeof pushSubscriptionSchema>;

export const unsubscribeSchema = requestModel(
  'UnsubscribeDto',
  z.object({ endpoint: z.string().min(1).max(2048).describe('the endpoint of the subscription to remove') }),
);
export type Unsubscribe = z.output<typeof unsubscribeSchema>;

export interface EndpointPolicy {
  /** Push services we send to (a host or any subdomain of it): the server POSTs to this URL. */
  hosts: readonly string[];
  /** Plain http to a loopback host: a local push service in development and tests only. */
  allowLoopbackHttp: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Why Respite will not POST to this endpoint, or undefined if it will. The allow-list keeps a
 * subscription from turning the service into a request forwarder into the hospital network.
 */
export function endpointProblem(endpoint: string, policy: EndpointPolicy): string | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'expected an https URL';
  }
  if (url.username || url.password) return 'credentials in the URL are not allowed';
  const loopback = LOOPBACK.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback && policy.allowLoopbackHttp)) {
    return 'expected an https URL';
  }
  const host = url.hostname.toLowerCase();
  if (!policy.hosts.some((h) => host === h || host.endsWith(`.${h}`))) {
    return 'not a push service this server delivers to';
  }
  return undefined;
}

export class SubscribedDto {
  @ApiProperty({ type: String })
  endpoint!: string;
}

export class VapidKeyDto {
  @ApiProperty({ type: String, description: 'applicationServerKey for PushManager.subscribe(), base64url' })
  publicKey!: string;
}
