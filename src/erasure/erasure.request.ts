import { consentRecordSchema } from '../consent/consent.schema';

/**
 * What a consent.v1 record asks of erasure, whoever wrote it (this service's REST API, the hospital's
 * consent system, the sync app): a withdrawal with `erase: true`, or a tombstone (the topic's own
 * way of saying "forget this key").
 */
export interface ErasureRequest {
  subjectId: string;
  /** When the person asked (the record's `at`); undefined for a tombstone, which carries no time. */
  requestedAt?: string;
  via: 'withdrawal' | 'tombstone';
  /** The consent policy under which it was asked, for the audit trail. */
  policyVersion?: string;
}

export function erasureRequestOf(key: string, value: Buffer | null): ErasureRequest | undefined {
  if (value === null) return { subjectId: key, via: 'tombstone' };
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch {
    return undefined; // the consent view ignores it too
  }
  const parsed = consentRecordSchema.safeParse(json);
  if (!parsed.success || parsed.data.subjectId !== key) return undefined;
  const r = parsed.data;
  return r.status === 'revoked' && r.erase
    ? { subjectId: key, requestedAt: r.at, via: 'withdrawal', policyVersion: r.policyVersion }
    : undefined;
}
