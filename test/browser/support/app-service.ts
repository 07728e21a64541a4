import { makeTestEnv, type TestEnv } from '../../support/harness';
import { ServiceProcess } from '../../support/service-process';
import { TestTokens } from '../../support/tokens';

export const SUPPORT_CONTACTS = [
  {
    name: 'Peer support line',
    kind: 'peer-support',
    how: 'Call 4455 from any hospital phone',
    href: 'tel:4455',
    hours: 'Every day, 7–23',
  },
  {
    name: 'Employee assistance',
    kind: 'employee-assistance',
    how: 'Free and confidential counselling',
    href: 'https://eap.example.org',
    hours: 'Mon–Fri 8–20',
  },
];

/**
 * The real service as its own process (as people run it) on the real Kafka and InfluxDB, with its
 * own topics, serving the built app, with demo sign-in links on and nudges delivered at any hour.
 */
export async function startAppService(name: string, extra: NodeJS.ProcessEnv = {}) {
  const t: TestEnv = await makeTestEnv(name);
  const tokens = new TestTokens();
  const service = new ServiceProcess({
    ...t.env,
    ...tokens.env,
    WEB_DEMO_SIGN_IN: 'true',
    NUDGE_QUIET_HOURS: '00:00-00:00',
    SUPPORT_CONTACTS: JSON.stringify(SUPPORT_CONTACTS),
    ...extra,
  });
  await service.start();
  const base = `http://127.0.0.1:${service.port}`;
  return {
    t,
    tokens,
    service,
    base,
    /** The app's sign-in link for one person, as `npm run demo` prints it. */
    link: async (subjectId: string, path = '/') => `${base}${path}#token=${await tokens.subject(subjectId)}`,
    stop: async () => {
      await service.kill('SIGTERM');
      await t.producer.disconnect();
    },
  };
}
