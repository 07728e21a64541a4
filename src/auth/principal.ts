export const ROLES = ['subject', 'wellness', 'operator'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who called, as the verified token says. For the `subject` role `sub` is the person's subjectId:
 * routes under /v1/me act on that id and never take one from the request.
 */
export interface Principal {
  readonly sub: string;
  readonly roles: readonly Role[];
  /** Cohorts a `wellness` principal may read trends of; empty for everyone else. */
  readonly cohorts: readonly string[];
}

/** Why a request was not authenticated; sent back as `reason` (never the token itself). */
export type AuthFailure =
  | 'missing-token'
  | 'malformed-token'
  | 'unsigned-token'
  | 'algorithm-not-allowed'
  | 'bad-signature'
  | 'unknown-key'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'invalid-claims';

export class AuthError extends Error {
  constructor(readonly reason: AuthFailure) {
    super(reason);
  }
}

/** The key source is unreachable (JWKS down): a server problem, not the caller's. */
export class KeySourceUnavailable extends Error {}
