import { signal } from '@preact/signals';

const KEY = 'respite.token';

/** The expiry (ms) of a JWT, read without verifying it: the server verifies, this only avoids stale tokens. */
function expiresAt(token: string): number {
  try {
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')));
    return typeof payload.exp === 'number' ? payload.exp * 1000 : 0;
  } catch {
    return 0;
  }
}

function stored(): string | null {
  const t = localStorage.getItem(KEY);
  if (t && expiresAt(t) > Date.now()) return t;
  if (t) localStorage.removeItem(KEY);
  return null;
}

/** The person's bearer token, kept on this device only until it expires or they sign out. */
export const session = {
  token: signal<string | null>(stored()),
  signIn(token: string) {
    localStorage.setItem(KEY, token);
    session.token.value = token;
  },
  signOut() {
    localStorage.removeItem(KEY);
    session.token.value = null;
  },
};

/** `#token=…` in the app's link (`npm run demo`, tests): taken once, then removed from the address bar. */
export function tokenFromLink(): string | null {
  const m = /[#&]token=([A-Za-z0-9._-]+)/.exec(location.hash);
  if (!m) return null;
  history.replaceState(null, '', location.pathname + location.search);
  return m[1] ?? null;
}
