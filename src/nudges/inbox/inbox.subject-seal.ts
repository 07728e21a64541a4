import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { PseudonymKey } from '../../privacy/pseudonymizer';

/**
 * The inbox topic is keyed by pid and must not hold the raw subjectId (DESIGN §3, invariant 2), yet a
 * nudge held through quiet hours needs it after a restart (nudges.v1 is keyed by subjectId, and
 * consent is looked up by it). So the inbox keeps it sealed: AES-256-GCM under a key derived from the
 * pseudonym secret, bound to the pid it is stored under. Erasure tombstones the record with the rest.
 */
export class SubjectSeal {
  private readonly keys: Map<string, Buffer>;
  private readonly current: string;

  constructor(pseudonymKeys: readonly PseudonymKey[]) {
    if (pseudonymKeys.length === 0) throw new Error('at least one pseudonym key is required');
    this.keys = new Map(
      pseudonymKeys.map((k) => [
        k.keyId,
        Buffer.from(hkdfSync('sha256', k.secret, 'respite/inbox', 'subject-seal/v1', 32)),
      ]),
    );
    this.current = pseudonymKeys[0]!.keyId;
  }

  /** `keyId.iv.ciphertext+tag`, base64url parts. */
  seal(subjectId: string, pid: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.current)!, iv);
    cipher.setAAD(Buffer.from(pid, 'utf8'));
    const body = Buffer.concat([cipher.update(subjectId, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return [this.current, iv.toString('base64url'), body.toString('base64url')].join('.');
  }

  /** The subjectId, or undefined if the seal is foreign, tampered with, or its key was retired. */
  open(sealed: string, pid: string): string | undefined {
    const [keyId, iv, body] = sealed.split('.');
    const key = keyId === undefined ? undefined : this.keys.get(keyId);
    if (!key || !iv || !body) return undefined;
    try {
      const raw = Buffer.from(body, 'base64url');
      if (raw.length < 17) return undefined;
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(pid, 'utf8'));
      decipher.setAuthTag(raw.subarray(raw.length - 16));
      return Buffer.concat([decipher.update(raw.subarray(0, raw.length - 16)), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      return undefined;
    }
  }
}
