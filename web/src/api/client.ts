// The app's only way to the API: openapi-fetch over types generated from the service's OpenAPI
// document (scripts/web/openapi.ts), so a changed route or field fails `tsc`, not a person's screen.
import createClient, { type Middleware } from 'openapi-fetch';
import { session } from '../auth/session';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];

const auth: Middleware = {
  onRequest({ request }) {
    const token = session.token.value;
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    // an expired or revoked token: back to the sign-in page, nothing personal left on screen
    if (response.status === 401 && session.token.value) session.signOut();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: globalThis.location?.origin ?? '' });
api.use(auth);

/** The data of a call, or an Error with the server's message for the page to show kindly. */
export async function must<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) throw new ApiError(response.status, messageOf(error));
  return data as T;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function messageOf(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error) return String(error.message);
  return 'Something went wrong on our side. Please try again in a moment.';
}
