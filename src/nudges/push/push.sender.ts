import { generateRequestDetails } from 'web-push';
import type { Vapid } from './push.vapid';

export interface PushTarget {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/**
 * - sent: the push service took it; gone: 404/410, the subscription is dead and should be dropped;
 * - rejected: the push service refused this request (4xx); failed: unreachable, timeout, 429 or 5xx.
 */
export type PushResult = 'sent' | 'gone' | 'rejected' | 'failed';

export interface PushOptions {
  /** Seconds the push service keeps it for an offline device; the inbox holds the nudge anyway. */
  ttlSeconds: number;
  timeoutMs: number;
}

/**
 * Web Push (RFC 8030) with VAPID (RFC 8292) and aes128gcm payload encryption (RFC 8291): web-push
 * builds the encrypted request, fetch sends it. Sending ourselves gives a timeout, no redirects,
 * and plain http to a local push service in tests (web-push's own sender speaks https only).
 */
export class PushSender {
  constructor(
    private readonly vapid: Vapid,
    private readonly options: PushOptions = { ttlSeconds: 12 * 3600, timeoutMs: 10_000 },
  ) {}

  get publicKey(): string {
    return this.vapid.publicKey;
  }

  async send(target: PushTarget, payload: string): Promise<PushResult> {
    let details: ReturnType<typeof generateRequestDetails>;
    try {
      details = generateRequestDetails({ endpoint: target.endpoint, keys: target.keys }, payload, {
        vapidDetails: {
          subject: this.vapid.subject,
          publicKey: this.vapid.publicKey,
          privateKey: this.vapid.privateKey,
        },
        TTL: this.options.ttlSeconds,
        contentEncoding: 'aes128gcm',
        urgency: 'normal',
      });
    } catch {
      return 'rejected'; // keys the encryption cannot use
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(details.headers)) {
      if (name.toLowerCase() !== 'content-length') headers[name] = String(value);
    }
    try {
      const res = await fetch(details.endpoint, {
        method: 'POST',
        headers,
        body: details.body ?? undefined,
        redirect: 'error',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      await res.body?.cancel();
      if (res.status === 404 || res.status === 410) return 'gone';
      if (res.ok) return 'sent';
      return res.status === 429 || res.status >= 500 ? 'failed' : 'rejected';
    } catch {
      return 'failed';
    }
  }
}
