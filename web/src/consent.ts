import { ApiError, api, must, type Schemas } from './api/client';

export type Consent = Schemas['ConsentDto'];
/** What GET /v1/me/consent answers after an erasure, while its receipt is kept. */
export type Erasure = Schemas['ErasureDto'];
export type Scope = Consent['scopes'][number];

/** The version of the privacy notice these words describe (sent with every grant). */
export const POLICY_VERSION = '2026-11';

/** Each scope in plain words: what saying yes lets Respite do. */
export const SCOPE_WORDS: Record<Scope, { title: string; text: string }> = {
  ingest: {
    title: 'Read my nightly signals',
    text: 'Respite reads heart-rate variability, resting heart rate and sleep from your wearable, and learns your usual range.',
  },
  'early-warning': {
    title: 'Send me private notes',
    text: 'When your signals stay off your usual range for a few nights, you get a note with a tool that may help. Only you see it.',
  },
  'aggregate-trends': {
    title: 'Count me in group figures',
    text: 'Your nights are counted, without your name, in figures about your whole unit. Groups smaller than 10 are never shown.',
  },
  'self-report': {
    title: 'Keep my check-ins',
    text: 'Your answers about stress and sleep (1 to 5) are kept so you can look back at them.',
  },
};

/** The person's consent record, the receipt of their erasure, or null when there is neither. */
export async function loadConsentOrErasure(): Promise<Consent | Erasure | null> {
  const r = await api.GET('/v1/me/consent');
  if (r.response.status === 404) return null;
  return must(Promise.resolve(r));
}

/** The person's consent, or null when none is on record (never given, or erased). */
export async function loadConsent(): Promise<Consent | null> {
  const c = await loadConsentOrErasure();
  return c && 'scopes' in c ? c : null;
}

/** Grants `scopes` (keeping cohorts and, unless given, quiet hours), in this device's time zone. */
export function grant(scopes: Scope[], previous: Consent | null, quietHours?: string): Promise<Consent> {
  return must(
    api.PUT('/v1/me/consent', {
      body: {
        scopes,
        cohorts: previous?.cohorts ?? [],
        policyVersion: POLICY_VERSION,
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        ...(quietHours ? { quietHours } : {}),
      },
    }),
  );
}

export { ApiError };
