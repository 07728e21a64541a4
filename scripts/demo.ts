// `npm run demo`: the pipeline on the real stack with a simulated cohort. Replays 90 nights of a
// 30-person ward (with stress episodes and confounders) through Kafka, then shows what Respite made
// of it: readings stored, warnings raised, the nudges each person finds in their OWN inbox (read with
// their own token, as their phone would), and the ward's k-anonymous trend for the last week.
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { jose } from '../src/auth/jose';
import { ConfigError } from '../src/config/config.schema';
import { TOPICS } from '../src/kafka/topics.catalog';
import { bootstrap } from '../src/main';
import { MetricsService } from '../src/metrics/metrics.service';
import { TrendsService } from '../src/trends/trends.service';
import { streamCohort } from '../tools/simulator/cohort.simulator';
import { pickDemoSeed } from './demo-seed';
import { publishTeamHistory, teamLink } from './demo-team';

const PEOPLE = Number(process.env.DEMO_PEOPLE ?? 30);
const DAYS = Number(process.env.DEMO_DAYS ?? 90);
const SCALE = 2; // episodes drawn twice their plausible size, so that a small ward shows some
const COHORT = 'unit:demo-ward';
const DAY = 86_400_000;
/** Lifetime of the printed sign-in link's token. */
const DEMO_LINK_S = 4 * 3600;
/** Confidential support as an organisation would configure it (SUPPORT_CONTACTS); made up for the demo. */
const DEMO_SUPPORT = [
  {
    name: 'Peer support line',
    kind: 'peer-support',
    how: 'Call 4455 from any hospital phone',
    hours: 'Every day, 7–23',
  },
  {
    name: 'Second-victim team',
    kind: 'second-victim',
    how: 'Ask the charge nurse, or call 4460',
    hours: 'Any time',
  },
  {
    name: 'Employee assistance programme',
    kind: 'employee-assistance',
    how: 'Free, confidential counselling: 0800 000 000',
    hours: 'Mon–Fri 8–20',
  },
  { name: 'Schwartz Rounds', kind: 'balint-schwartz', how: 'Monthly, lecture room 2; just come and listen' },
];

async function main(): Promise<void> {
  const today = Math.floor(Date.now() / DAY) * DAY;
  const end = today - DAY;
  const { seed, recentWarnings } = pickDemoSeed(PEOPLE, DAYS, end, SCALE);
  const run = randomBytes(3).toString('hex');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KAFKA_GROUP_ID: 'respite-demo', // stable: a re-run reads only its own new readings
    TRENDS_COHORTS: COHORT,
    NUDGE_QUIET_HOURS: '00:00-00:00', // the demo runs at any hour: no quiet hours
    LOG_LEVEL: 'warn',
    WEB_DEMO_SIGN_IN: 'true', // the app accepts the sign-in link printed at the end
    SUPPORT_CONTACTS: process.env.SUPPORT_CONTACTS ?? JSON.stringify(DEMO_SUPPORT),
  };
  const app = await bootstrap(env);
  const port = app.getHttpServer().address().port;
  const base = `http://127.0.0.1:${port}`;
  console.log(`Respite is running: ${base}/docs (OpenAPI), ${base}/metrics, ${base}/health/ready`);
  console.log(
    `simulating ${PEOPLE} people × ${DAYS} nights (seed ${seed}; ${recentWarnings} warning(s) due in the last nights)`,
  );

  const sim = streamCohort({ people: PEOPLE, days: DAYS, seed, endDateMs: end, episodeScale: SCALE });
  const subjects = sim.people.map((p) => `${p.subjectId}-${run}`);
  const rename = (id: string) => `${id}-${run}`;
  const kafka = new Kafka({
    clientId: 'respite-demo',
    brokers: env.KAFKA_BROKERS!.split(','),
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  // everyone but the last person opts in: their nights must never reach InfluxDB
  await producer.send({
    topic: env.TOPIC_CONSENT ?? TOPICS.consent.name,
    messages: sim.people.slice(0, -1).map((p) => {
      const subjectId = rename(p.subjectId);
      return {
        key: subjectId,
        value: JSON.stringify({
          subjectId,
          status: 'granted',
          scopes: ['ingest', 'early-warning', 'aggregate-trends'],
          cohorts: [COHORT],
          policyVersion: '2026-11',
          at: new Date().toISOString(),
          timeZone: p.zone,
        }),
      };
    }),
  });
  await new Promise((r) => setTimeout(r, 1500)); // the running service follows the consent topic
  const topicOf = {
    hrv: env.TOPIC_HRV ?? TOPICS.hrv.name,
    sleep: env.TOPIC_SLEEP ?? TOPICS.sleep.name,
  };
  let produced = 0;
  let chunk: { topic: string; messages: { key: string; value: string }[] }[] = [];
  const flush = async () => {
    if (chunk.length) await producer.sendBatch({ topicMessages: chunk });
    chunk = [];
  };
  const metrics = app.get(MetricsService);
  const sum = async (name: string, label?: Record<string, string>) => {
    const m = (await metrics.registry.getSingleMetric(name)?.get())?.values ?? [];
    return m
      .filter((v) => !label || Object.entries(label).every(([k, x]) => v.labels[k] === x))
      .reduce((n, v) => n + v.value, 0);
  };
  // The whole history arrives as one first sync, in the order the simulator syncs it (a night's HRV,
  // then its sleep session) on the two topics. Kafka delivers the small sleep topic far ahead of the
  // HRV one; each night waits until the HRV produced before its sleep is stored (src/warnings/README.md).
  for (const m of sim.messages()) {
    const key = rename(m.key);
    const value = m.value.replaceAll(`"subjectId":"${m.key}"`, `"subjectId":"${key}"`);
    chunk.push({ topic: topicOf[m.topic], messages: [{ key, value }] });
    if (++produced % 500 === 0) await flush();
  }
  await flush();
  console.log(`produced ${produced} readings to Kafka (in sync order, on the two topics)`);

  for (let waited = 0; waited < 180_000; waited += 1000) {
    const stored = await sum('respite_readings_ingested_total');
    const dropped = await sum('respite_readings_dropped_no_consent_total');
    const waiting = await sum('respite_warning_nights_pending');
    process.stdout.write(
      `\r  stored ${stored} + dropped without consent ${dropped} of ${produced}; nights waiting for their HRV: ${waiting}  `,
    );
    if (stored + dropped >= produced && waiting === 0) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  await new Promise((r) => setTimeout(r, 3000)); // held nudges are released by the minute job
  console.log('\n');
  console.log(`nights evaluated: ${await sum('respite_warning_nights_total', { status: 'evaluated' })}`);
  console.log(
    `HRV readings stored after their night was judged: ${await sum('respite_warning_hrv_late_total')}`,
  );
  console.log(
    `warnings raised over the replay: watch ${await sum('respite_warnings_raised_total', { level: 'watch' })}, warning ${await sum('respite_warnings_raised_total', { level: 'warning' })}`,
  );
  console.log(`(older warnings are not sent now: a nudge about a night weeks ago helps no one)`);
  const outcomes = (await metrics.registry.getSingleMetric('respite_nudges_total')?.get())?.values ?? [];
  console.log(
    `nudge outcomes: ${outcomes.map((v) => `${v.labels.outcome} ${v.value}`).join(', ') || 'none'}\n`,
  );

  const secret = new TextEncoder().encode(env.JWT_SECRET!);
  const token = (claims: Record<string, unknown>) =>
    new jose.SignJWT({ exp: Math.floor(Date.now() / 1000) + 300, ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(secret);
  let nudged: string | undefined;
  for (const subjectId of subjects) {
    const r = await fetch(`${base}/v1/me/nudges`, {
      headers: { authorization: `Bearer ${await token({ sub: subjectId, roles: ['subject'] })}` },
    });
    if (!r.ok) continue;
    const inbox = (await r.json()) as {
      asOf: string;
      level: string;
      message: string;
      suggestions: { title: string; minutes: number }[];
    }[];
    if (inbox.length > 0) nudged ??= subjectId;
    for (const n of inbox) {
      console.log(`inbox of ${subjectId} (only they can read it): ${n.level} for the night of ${n.asOf}`);
      console.log(`  "${n.message}"`);
      for (const s of n.suggestions) console.log(`  - ${s.title} (${s.minutes} min)`);
    }
  }

  const monday = new Date(today - ((new Date(today).getUTCDay() + 6) % 7) * DAY - 7 * DAY);
  const period = {
    start: monday.toISOString().slice(0, 10),
    end: new Date(monday.getTime() + 6 * DAY).toISOString().slice(0, 10),
  };
  await publishTeamHistory(app.get(TrendsService)); // the weeks and nights the dashboard lays out
  const lead = await token({
    sub: 'wellness-lead',
    roles: ['wellness'],
    cohorts: [COHORT],
    exp: Math.floor(Date.now() / 1000) + 4 * 3600,
  });
  const team = teamLink(base, lead, env);
  if (team)
    console.log(
      `\nThe wellness team's dashboard for ${COHORT} (signs in for 4 hours; demo only):\n  ${team}`,
    );
  const wellness = await token({ sub: 'wellness-team', roles: ['wellness'], cohorts: [COHORT] });
  const trends = await (
    await fetch(`${base}/v1/trends?cohort=${COHORT}&period=weekly&from=${period.start}`, {
      headers: { authorization: `Bearer ${wellness}` },
    })
  ).json();
  console.log(
    `\nwellness team's view of ${COHORT}, week ${period.start}..${period.end} (aggregate only, k ≥ 10):`,
  );
  console.log(JSON.stringify(trends, null, 2));
  await producer.disconnect();

  // the personal app, signed in as one simulated person (preferably one with a nudge waiting)
  const person = nudged ?? subjects[0]!;
  const link = `${base}/#token=${await token({ sub: person, roles: ['subject'], exp: Math.floor(Date.now() / 1000) + DEMO_LINK_S })}`;
  console.log(
    `\nThe app for ${person} (this link signs in for ${DEMO_LINK_S / 3600} hours; demo only):\n  ${link}`,
  );
  if (process.env.DEMO_EXIT === '1') return void (await app.close());
  console.log('Respite keeps running for the app; press Ctrl-C to stop.');
  await new Promise<void>((resolve) => process.once('SIGINT', resolve));
  await app.close();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    // a setting the operator must fix is one message naming it, not a stack trace
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  },
);
