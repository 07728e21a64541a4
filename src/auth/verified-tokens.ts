import type { Principal } from './principal';

/** At most this many tokens remembered per instance (~1 KB each: the token's text and its principal). */
export const VERIFIED_TOKENS_MAX = 10_000;

/**
 * The principals of tokens that passed verification a moment ago, by the token's exact text. An
 * app asks several routes with one token within seconds (a page's nudges, nights and consent), and
 * each answer would check the same signature again (#21: ~55 µs of CPU for HS256 through WebCrypto,
 * more for RS256 or ES256). An entry lasts `ttlMs` at most and never past the token's own expiry as
 * the verifier judges it (exp plus the clock tolerance); only tokens that passed every check are
 * kept, so a refused token is checked, and refused, every time. A key withdrawn from a JWKS stops
 * its tokens within `ttlMs` (jose's own JWKS cache keeps keys for up to 10 minutes). Full: the
 * oldest entry goes.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { principal: Principal; untilMs: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = VERIFIED_TOKENS_MAX,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(token: string): Principal | undefined {
    const e = this.entries.get(token);
    if (!e) return undefined;
    if (this.now() < e.untilMs) return e.principal;
    this.entries.delete(token);
    return undefined;
  }

  /** `validUntilMs`: the first moment the verifier would refuse the token as expired. */
  remember(token: string, principal: Principal, validUntilMs: number): void {
    if (this.ttlMs <= 0 || this.maxEntries <= 0) return;
    const now = this.now();
    const untilMs = Math.min(now + this.ttlMs, validUntilMs);
    if (untilMs <= now) return;
    this.entries.delete(token);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(token, { principal, untilMs });
  }
}
