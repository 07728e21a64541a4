import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { CohortQuery } from '../../src/influx/influx.cohort-query';
import { Pseudonymizer } from '../../src/privacy/pseudonymizer';
import { TrendsService } from '../../src/trends/trends.service';
import { METRICS } from '../../src/trends/trends.types';
import {
  consentRecord,
  eventually,
  makeTestEnv,
  produce,
  startApp,
  type TestEnv,
  teardown,
} from '../support/harness';
import { TestTokens } from '../support/tokens';
import * as fx from './trends.fixtures';

const SCOPES = ['ingest', 'aggregate-trends'];

describe('trend feeds against real Kafka and InfluxDB', () => {
  let t: TestEnv;
  let app: INestApplication | undefined;
  const tokens = new TestTokens();
  const call = fx.client(() => app!);
  const small = Array.from({ length: 6 }, () => `nurse-${randomUUID()}`);
  const large = Array.from({ length: 25 }, () => `nurse-${randomUUID()}`);
  const everyone = [...small, ...large];
  const [P1, P2] = [fx.wakeDate(2), fx.wakeDate(1)];
  const overrides = () => ({
    ...tokens.env,
    TRENDS_COHORTS: 'unit:small,unit:large',
    TRENDS_SALT: randomBytes(24).toString('hex'),
    TRENDS_SCHEDULE_ENABLED: 'false',
  });
  let env: NodeJS.ProcessEnv;
  const wellness = (cohorts: string[]) => tokens.as('wellness', `wt-${randomUUID()}`, { cohorts });
  const run = (night: string) => app!.get(TrendsService).runPeriod({ start: night, end: night });

  beforeAll(async () => {
    t = await makeTestEnv('trends');
    env = overrides();
    await produce(t, t.env.TOPIC_CONSENT!, [
      ...small.map((s) => consentRecord(s, SCOPES, ['unit:small'])),
      ...large.map((s) => consentRecord(s, SCOPES, ['unit:large'])),
    ]);
    app = await startApp(t, env);
    const nights = everyone.flatMap((s, i) =>
      Array.from({ length: fx.NIGHTS }, (_, n) => fx.sleepNight(s, 35 + i, fx.NIGHTS - n)),
    );
    await produce(t, t.env.TOPIC_SLEEP!, nights);
    const pids = everyone.map((s) => app!.get(Pseudonymizer).pid(s));
    await eventually(
      () => app!.get(CohortQuery).nightsBetween(pids, fx.wakeDate(fx.NIGHTS), fx.wakeDate(0)),
      (rows) => rows.length === everyone.length * fx.NIGHTS,
      120_000,
    );
  });
  afterAll(() => teardown(t, [app]));

  it('publishes the 25-person cohort with its figures and nothing of the 6-person one', async () => {
    const summary = await run(P1);
    expect(summary.cohorts).toEqual([
      {
        cohortId: 'unit:small',
        contributors: 6,
        published: false,
        suppressed: Object.fromEntries(METRICS.map((m) => [m, 'below-k'])),
      },
      { cohortId: 'unit:large', contributors: 25, published: true, suppressed: {} },
    ]);
    const onTopic = await fx.readTopic(t, t.env.TOPIC_TRENDS!);
    expect(onTopic.map((r) => r.key)).toEqual(['unit:large']);
    expect(JSON.parse(onTopic[0]!.value!)).toEqual(fx.expectedRecord('unit:large', P1, 25));

    const mine = await wellness(['unit:large']);
    expect((await call('/v1/trends?cohort=unit:large', mine)).body).toEqual({
      cohortId: 'unit:large',
      records: [fx.expectedRecord('unit:large', P1, 25)],
    });
    const smallTeam = await wellness(['unit:small']);
    expect(await call('/v1/trends?cohort=unit:small', smallTeam)).toMatchObject({
      status: 200,
      body: { cohortId: 'unit:small', records: [] },
    });
  });

  it('drops a person who withdraws aggregate-trends; one fewer is a differencing pair, so nothing is published', async () => {
    const leaver = large[0]!;
    const put = await call(
      '/v1/me/consent',
      await tokens.subject(leaver),
      { scopes: ['ingest'], cohorts: ['unit:large'], policyVersion: '2026-11' },
      'PUT',
    );
    expect(put.status).toBe(200);
    const before = await fx.countRecords(t, t.env.TOPIC_TRENDS!);

    const summary = await run(P2);
    expect(summary.cohorts[1]).toEqual({
      cohortId: 'unit:large',
      contributors: 24,
      published: false,
      suppressed: Object.fromEntries(METRICS.map((m) => [m, 'differencing'])),
    });
    expect(await fx.countRecords(t, t.env.TOPIC_TRENDS!)).toBe(before);
    const page = await call('/v1/trends?cohort=unit:large', await wellness(['unit:large']));
    expect(page.body).toEqual({ cohortId: 'unit:large', records: [fx.expectedRecord('unit:large', P1, 25)] });
  });

  it('keeps its memory and its published records across a restart', async () => {
    const before = await fx.countRecords(t, t.env.TOPIC_TRENDS!);
    await app!.close();
    app = await startApp(t, env);
    const mine = await wellness(['unit:large']);
    expect((await call('/v1/trends?cohort=unit:large', mine)).body).toEqual({
      cohortId: 'unit:large',
      records: [fx.expectedRecord('unit:large', P1, 25)],
    });
    // forgetting P1's member set would publish these 24 people now
    expect((await run(P2)).cohorts[1]).toMatchObject({ contributors: 24, published: false });
    expect(await fx.countRecords(t, t.env.TOPIC_TRENDS!)).toBe(before);
  });

  it('lets a wellness token read only the cohorts in its claim', async () => {
    const mine = await wellness(['unit:large']);
    for (const path of [
      '/v1/trends?cohort=unit:small',
      '/v1/trends?cohort=unit:other',
      '/v1/trends/export?cohort=unit:small&format=csv',
    ])
      expect((await call(path, mine)).status).toBe(403);
    expect((await call('/v1/trends?cohort=unit:large', await wellness([]))).status).toBe(403);
    expect((await call('/v1/trends?cohort=unit:large', await tokens.subject(large[1]!))).status).toBe(403);
    expect((await call('/v1/trends?cohort=unit:large', await tokens.as('operator', 'ops'))).status).toBe(403);
    expect((await call('/v1/trends?cohort=unit:large')).status).toBe(401);
  });

  it('answers a bad query with 400 naming the parameter', async () => {
    const mine = await wellness(['unit:large']);
    const paths = (r: { body: { issues: { path: string }[] } }) => r.body.issues.map((i) => i.path);
    const missing = await call('/v1/trends', mine);
    expect(missing.status).toBe(400);
    expect(paths(missing)).toEqual(['cohort']);
    expect(paths(await call('/v1/trends?cohort=unit:large&from=2026-13-01', mine))).toEqual(['from']);
    expect(paths(await call('/v1/trends/export?cohort=unit:large&format=xlsx', mine))).toEqual(['format']);
  });

  it('exports the published series as CSV with a header row, and as JSON', async () => {
    const mine = await wellness(['unit:large']);
    const csv = await call('/v1/trends/export?cohort=unit:large&format=csv', mine);
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    expect(csv.text.split('\r\n')).toEqual([
      `cohortId,periodStart,periodEnd,contributors,${METRICS.join(',')},k,epsilon`,
      `unit:large,${P1},${P1},25,-0.4,1,6.5,4,10,0`,
      '',
    ]);
    const json = await call('/v1/trends/export?cohort=unit:large&format=json', mine);
    expect(json.body).toMatchObject({
      schema: 'trends-series.v1',
      cohortId: 'unit:large',
      rows: [{ periodStart: P1 }],
    });
    const docs = await call('/docs-json');
    expect(Object.keys((docs.body as { paths: object }).paths)).toEqual(
      expect.arrayContaining(['/v1/trends', '/v1/trends/export']),
    );
  });

  it('puts no pid or subjectId on trends.v1 or in the trend state', async () => {
    const pseudonymizer = app!.get(Pseudonymizer);
    const identities = everyone.flatMap((s) => [s, ...pseudonymizer.allPids(s)]);
    const published = await fx.readTopic(t, t.env.TOPIC_TRENDS!);
    const state = await fx.readTopic(t, t.env.TOPIC_TRENDS_STATE!);
    expect(published.length).toBeGreaterThan(0);
    expect(state.length).toBeGreaterThan(0);
    for (const r of published) {
      expect(Object.keys(JSON.parse(r.value!))).toEqual([
        'cohortId',
        'period',
        'contributors',
        'metrics',
        'privacy',
      ]);
      expect(r.value).not.toMatch(/"(pid|subjectId|members)"/);
    }
    const text = JSON.stringify([...published, ...state]);
    for (const id of identities) expect(text).not.toContain(id);
    expect(text).not.toContain('nurse-');
  });
});
