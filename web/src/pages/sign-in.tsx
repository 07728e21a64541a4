import { useState } from 'preact/hooks';
import { appConfig } from '../app-config';

export function SignIn({ problem }: { problem: string | null }) {
  const config = appConfig.value;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(problem);

  async function signIn() {
    if (!config?.oidc) return;
    setBusy(true);
    try {
      const { startSignIn } = await import('../auth/oidc');
      await startSignIn(config.oidc);
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Sign-in did not work. Please try again.');
      setBusy(false);
    }
  }

  return (
    <main id="main" class="signin">
      <h1>Respite</h1>
      <p>Your own signals, compared with your own normal, and tools that help. Only you can see them.</p>
      {error && (
        <p class="card mark" role="alert">
          {error}
        </p>
      )}
      {config?.oidc ? (
        <button type="button" onClick={signIn} disabled={busy}>
          Sign in with your work account
        </button>
      ) : config?.demoSignIn ? (
        <p class="card soft">
          This is a demo. Open the sign-in link that <code>npm run demo</code> printed.
        </p>
      ) : (
        <p class="card soft">Sign-in is not set up here yet. Please ask your wellness team.</p>
      )}
    </main>
  );
}
