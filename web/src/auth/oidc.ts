// Production sign-in: OIDC authorization code with PKCE, as a public client (no secret in a page),
// through oauth4webapi. Loaded only when someone signs in, so it costs the first page nothing.
import * as oauth from 'oauth4webapi';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  scope: string;
}

const PENDING = 'respite.oidc';
export const CALLBACK_PATH = '/signin/callback';

function redirectUri(): string {
  return `${location.origin}${CALLBACK_PATH}`;
}

async function server(issuer: string): Promise<oauth.AuthorizationServer> {
  const url = new URL(issuer);
  return oauth.processDiscoveryResponse(url, await oauth.discoveryRequest(url, { algorithm: 'oidc' }));
}

/** Sends the browser to the identity provider; the verifier and state wait in this tab's storage. */
export async function startSignIn(s: OidcSettings): Promise<void> {
  const as = await server(s.issuer);
  if (!as.authorization_endpoint) throw new Error('the identity provider has no authorization endpoint');
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state }));
  const url = new URL(as.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: s.clientId,
    redirect_uri: redirectUri(),
    response_type: 'code',
    scope: s.scope,
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.href);
}

/** On the callback page: trades the code for tokens and returns the access token the API verifies. */
export async function finishSignIn(s: OidcSettings): Promise<string> {
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as {
    verifier: string;
    state: string;
  } | null;
  sessionStorage.removeItem(PENDING);
  if (!pending) throw new Error('this sign-in link was already used; please sign in again');
  const as = await server(s.issuer);
  const client: oauth.Client = { client_id: s.clientId };
  const params = oauth.validateAuthResponse(as, client, new URL(location.href), pending.state);
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    oauth.None(),
    params,
    redirectUri(),
    pending.verifier,
  );
  const tokens = await oauth.processAuthorizationCodeResponse(as, client, response);
  history.replaceState(null, '', '/');
  return tokens.access_token;
}
