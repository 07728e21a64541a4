import { useEffect, useState } from 'preact/hooks';
import { ErrorBoundary, LocationProvider, lazy, Route, Router } from 'preact-iso';
import { appConfig, loadAppConfig } from './app-config';
import { session, tokenFromLink } from './auth/session';
import { Layout } from './components/layout';
import { NotFound } from './pages/not-found';
import { SignIn } from './pages/sign-in';
import { Today } from './pages/today';
import { TEAM_PATH, TeamPage } from './wellness/route';

// Each page but Today is its own chunk: the first page stays small on hospital Wi-Fi. The chunk of
// the page the app opens on starts loading at once, alongside sign-in, not after it.
const CHUNKS = {
  '/signals': () => import('./pages/signals').then((m) => m.Signals),
  '/nudges': () => import('./pages/nudges').then((m) => m.Nudges),
  '/library': () => import('./pages/library').then((m) => m.Library),
  '/people': () => import('./pages/people').then((m) => m.People),
  '/check-in': () => import('./pages/check-in').then((m) => m.CheckIn),
  '/my-data': () => import('./pages/my-data').then((m) => m.MyData),
  '/notifications': () => import('./pages/notifications').then((m) => m.Notifications),
  '/more': () => import('./pages/more').then((m) => m.More),
};
void CHUNKS[location.pathname as keyof typeof CHUNKS]?.();
const Signals = lazy(CHUNKS['/signals']);
const Nudges = lazy(CHUNKS['/nudges']);
const Library = lazy(CHUNKS['/library']);
const People = lazy(CHUNKS['/people']);
const CheckIn = lazy(CHUNKS['/check-in']);
const MyData = lazy(CHUNKS['/my-data']);
const Notifications = lazy(CHUNKS['/notifications']);
const More = lazy(CHUNKS['/more']);

export function App() {
  const [starting, setStarting] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    void (async () => {
      try {
        const config = await loadAppConfig();
        const linked = tokenFromLink();
        if (linked && config.demoSignIn) session.signIn(linked);
        if (location.pathname === '/signin/callback' && config.oidc) {
          const { finishSignIn } = await import('./auth/oidc');
          session.signIn(await finishSignIn(config.oidc));
        }
      } catch (err) {
        setProblem(err instanceof Error ? err.message : 'Respite could not start.');
      } finally {
        setStarting(false);
      }
    })();
    // a sign-in link opened in a tab that already shows the app changes only the fragment
    const onHash = () => {
      const linked = tokenFromLink();
      if (linked && appConfig.value?.demoSignIn) session.signIn(linked);
    };
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  if (starting)
    return (
      <p class="sr-only" role="status">
        Opening Respite…
      </p>
    );
  if (!session.token.value || !appConfig.value) return <SignIn problem={problem} />;
  // the wellness team's dashboard (#17) has its own shell: no personal pages around it
  if (location.pathname === TEAM_PATH)
    return (
      <LocationProvider>
        <TeamPage />
      </LocationProvider>
    );

  return (
    <LocationProvider>
      <Layout>
        <ErrorBoundary>
          <Router>
            <Route path="/" component={Today} />
            <Route path="/signals" component={Signals} />
            <Route path="/nudges" component={Nudges} />
            <Route path="/library" component={Library} />
            <Route path="/people" component={People} />
            <Route path="/check-in" component={CheckIn} />
            <Route path="/my-data" component={MyData} />
            <Route path="/notifications" component={Notifications} />
            <Route path="/more" component={More} />
            <Route default component={NotFound} />
          </Router>
        </ErrorBoundary>
      </Layout>
    </LocationProvider>
  );
}
