import { createHmac } from 'node:crypto';

export interface PseudonymKey {
  keyId: string;
  secret: string;
}

/**
 * pid = keyId + "." + base64url(HMAC-SHA256(secret, subjectId))[:128 bits]. The key id makes the pid
 * versioned: after a key rotation the old keys still compute the pids under which older points
 * were stored (needed to erase them), while new points use the first key.
 */
export class Pseudonymizer {
  private readonly keys: readonly PseudonymKey[];
  /** HMAC per reading was a sixth of ingest CPU; people are few and their readings many. */
  private readonly cache = new Map<string, string>();
  private static readonly CACHE_MAX = 200_000;

  constructor(keys: readonly PseudonymKey[]) {
    if (keys.length === 0) throw new Error('at least one pseudonym key is required');
    this.keys = keys;
  }

  pid(subjectId: string): string {
    let pid = this.cache.get(subjectId);
    if (pid === undefined) {
      if (this.cache.size >= Pseudonymizer.CACHE_MAX) this.cache.clear();
      pid = pidWith(this.keys[0]!, subjectId);
      this.cache.set(subjectId, pid);
    }
    return pid;
  }

  /** Erasure: the person's subjectId should not linger in memory either. */
  forget(subjectId: string): void {
    this.cache.delete(subjectId);
  }

  /** Every pid this subject may have been stored under, current key first. */
  allPids(subjectId: string): string[] {
    return this.keys.map((k) => pidWith(k, subjectId));
  }
}

function pidWith(key: PseudonymKey, subjectId: string): string {
  const mac = createHmac('sha256', key.secret).update(subjectId, 'utf8').digest();
  return `${key.keyId}.${mac.subarray(0, 16).toString('base64url')}`;
}
