import { jose } from './jose';
import { AuthError, type AuthFailure, KeySourceUnavailable } from './principal';

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/;
const MAX_TOKEN_CHARS = 8192;
const SUBJECT = /^[^\p{Cc}\p{Cf}]{1,128}$/u;

/** The `alg` of a compact JWS, checked before any key is touched: unsigned tokens stop here. */
export function tokenHeaderAlg(token: string): string {
  if (token.length > MAX_TOKEN_CHARS || !COMPACT_JWS.test(token)) throw new AuthError('malformed-token');
  let alg: unknown;
  try {
    alg = jose.decodeProtectedHeader(token).alg;
  } catch {
    throw new AuthError('malformed-token');
  }
  if (alg === undefined || (typeof alg === 'string' && alg.toLowerCase() === 'none'))
    throw new AuthError('unsigned-token');
  if (typeof alg !== 'string') throw new AuthError('malformed-token');
  return alg;
}

/** `sub` must be a usable subjectId; jose has already checked that it is present. */
export function subjectOf(sub: unknown): string {
  if (typeof sub !== 'string' || !SUBJECT.test(sub)) throw new AuthError('invalid-claims');
  return sub;
}

const BY_CODE: Record<string, AuthFailure> = {
  ERR_JWT_EXPIRED: 'expired',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'bad-signature',
  ERR_JWKS_NO_MATCHING_KEY: 'unknown-key',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'unknown-key',
  ERR_JOSE_ALG_NOT_ALLOWED: 'algorithm-not-allowed',
  ERR_JOSE_NOT_SUPPORTED: 'algorithm-not-allowed',
  ERR_JWS_INVALID: 'malformed-token',
  ERR_JWT_INVALID: 'malformed-token',
};

const BY_CLAIM: Record<string, AuthFailure> = {
  iss: 'wrong-issuer',
  aud: 'wrong-audience',
  nbf: 'not-yet-valid',
};

/**
 * Maps a jose failure to a reason. jose is loaded outside jest's realm in tests, so errors are
 * told apart by their `code`, not by instanceof. Anything else while fetching a JWKS means the key
 * source is down (503); anything else with a local key means the token did not fit it (401).
 */
export function keyFailure(err: unknown, remote: boolean): AuthError | KeySourceUnavailable {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { code?: unknown; claim?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
    return new AuthError(BY_CLAIM[String(e.claim)] ?? 'invalid-claims');
  }
  const reason = BY_CODE[code];
  if (reason) return new AuthError(reason);
  if (remote) return new KeySourceUnavailable('the JWKS could not be fetched');
  return new AuthError('bad-signature');
}
