import { createPublicKey } from 'node:crypto';
import type { AppConfig } from '../config/config.schema';
import { type JWTPayload, jose } from './jose';
import { AuthError, type Principal, ROLES, type Role } from './principal';
import { keyFailure, subjectOf, tokenHeaderAlg } from './token-claims';
import { VerifiedTokens } from './verified-tokens';

export type VerifierSettings = Pick<
  AppConfig,
  | 'JWT_JWKS_URL'
  | 'JWT_PUBLIC_KEY'
  | 'JWT_SECRET'
  | 'JWT_ISSUER'
  | 'JWT_AUDIENCE'
  | 'JWT_ROLES_CLAIM'
  | 'JWT_CLOCK_TOLERANCE_S'
> &
  Partial<Pick<AppConfig, 'JWT_VERIFIED_CACHE_S'>>;

type VerifyOptions = Parameters<typeof jose.jwtVerify>[2];
type Verify = (token: string, options: VerifyOptions) => Promise<{ payload: JWTPayload }>;

const ASYMMETRIC = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];
const COHORT = /^[a-z0-9:_-]{1,64}$/;

/**
 * Verifies bearer JWTs against exactly one key source (JWKS URL, PEM public key, or — outside
 * production — an HS256 secret) and turns their claims into a Principal. Only algorithms that fit
 * the key source are accepted, so neither `none` nor an HS256 token "signed" with a public key
 * passes.
 */
export class TokenVerifier {
  private readonly verifyWith: Verify;
  readonly algorithms: readonly string[];
  private readonly remote: boolean;
  /** Tokens verified a moment ago (JWT_VERIFIED_CACHE_S; none when unset). */
  private readonly verified: VerifiedTokens;

  constructor(
    private readonly s: VerifierSettings,
    now: () => number = Date.now,
  ) {
    this.verified = new VerifiedTokens((s.JWT_VERIFIED_CACHE_S ?? 0) * 1000, undefined, now);
    if (s.JWT_JWKS_URL) {
      const jwks = jose.createRemoteJWKSet(new URL(s.JWT_JWKS_URL), {
        timeoutDuration: 5000,
        cooldownDuration: 30_000,
      });
      this.verifyWith = (t, o) => jose.jwtVerify(t, jwks, o);
      this.algorithms = ASYMMETRIC;
      this.remote = true;
    } else if (s.JWT_PUBLIC_KEY) {
      const key = createPublicKey(s.JWT_PUBLIC_KEY);
      this.verifyWith = (t, o) => jose.jwtVerify(t, key, o);
      this.algorithms = algorithmsFor(key.asymmetricKeyType, key.asymmetricKeyDetails?.namedCurve);
      this.remote = false;
    } else if (s.JWT_SECRET) {
      // imported once: given the bytes, jose imports the key again for every token it verifies
      const key = crypto.subtle.importKey(
        'raw',
        new TextEncoder().encode(s.JWT_SECRET),
        { name: 'HMAC', hash: 'SHA-256' },
        false,
        ['verify'],
      );
      this.verifyWith = async (t, o) => jose.jwtVerify(t, await key, o);
      this.algorithms = ['HS256'];
      this.remote = false;
    } else {
      throw new Error('no JWT key source configured');
    }
  }

  /** Resolves to the caller, or rejects with AuthError (401) or KeySourceUnavailable (503). */
  async verify(token: string | undefined): Promise<Principal> {
    if (token === undefined || token === '') throw new AuthError('missing-token');
    const known = this.verified.get(token);
    if (known) return known;
    const alg = tokenHeaderAlg(token);
    if (!this.algorithms.includes(alg)) throw new AuthError('algorithm-not-allowed');
    let payload: JWTPayload;
    try {
      ({ payload } = await this.verifyWith(token, {
        algorithms: [...this.algorithms],
        issuer: this.s.JWT_ISSUER,
        audience: this.s.JWT_AUDIENCE,
        clockTolerance: this.s.JWT_CLOCK_TOLERANCE_S,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (err) {
      throw keyFailure(err, this.remote);
    }
    const principal = this.principalOf(payload);
    // jose refuses a token once its exp is this.s.JWT_CLOCK_TOLERANCE_S seconds past
    this.verified.remember(token, principal, ((payload.exp ?? 0) + this.s.JWT_CLOCK_TOLERANCE_S) * 1000);
    return principal;
  }

  private principalOf(payload: JWTPayload): Principal {
    const roles = rolesOf(claimAt(payload, this.s.JWT_ROLES_CLAIM) ?? payload.role);
    const raw = payload.cohorts;
    const cohorts =
      roles.includes('wellness') && Array.isArray(raw)
        ? raw.filter((c): c is string => typeof c === 'string' && COHORT.test(c)).slice(0, 200)
        : [];
    // frozen: one principal may answer several requests (VerifiedTokens)
    return Object.freeze({
      sub: subjectOf(payload.sub),
      roles: Object.freeze(roles),
      cohorts: Object.freeze(cohorts),
    });
  }
}

/** Reads a claim by a dotted path, e.g. `realm_access.roles` (Keycloak). */
function claimAt(payload: JWTPayload, path: string): unknown {
  let v: unknown = payload;
  for (const part of path.split('.')) {
    if (typeof v !== 'object' || v === null || !Object.hasOwn(v, part)) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

function rolesOf(claim: unknown): Role[] {
  const list = typeof claim === 'string' ? claim.split(' ') : Array.isArray(claim) ? claim : [];
  return ROLES.filter((r) => list.includes(r));
}

function algorithmsFor(type: string | undefined, curve: string | undefined): string[] {
  if (type === 'rsa') return ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
  if (type === 'rsa-pss') return ['PS256', 'PS384', 'PS512'];
  if (type === 'ed25519') return ['EdDSA', 'Ed25519'];
  const ec: Record<string, string> = { prime256v1: 'ES256', secp384r1: 'ES384', secp521r1: 'ES512' };
  if (type === 'ec' && curve && ec[curve]) return [ec[curve]];
  throw new Error(`JWT_PUBLIC_KEY: unsupported key type ${type ?? 'unknown'}`);
}
