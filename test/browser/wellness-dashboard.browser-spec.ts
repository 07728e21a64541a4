import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import type { Browser, Page, Response } from 'playwright-core';
import { CohortQuery } from '../../src/influx/influx.cohort-query';
import { Pseudonymizer } from '../../src/privacy/pseudonymizer';
import { DASHBOARD_WEEKS, expectedPeriods } from '../../src/trends/dashboard';
import { addDays } from '../../src/trends/trends.periods';
import { TrendsService } from '../../src/trends/trends.service';
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
import { DESKTOP, launch, PHONE, screenshot, seriousViolations } from './support/browser';

const K = 10;
const NIGHTS = 60;
const WARD = 'unit:ward-a';
const TINY = 'unit:tiny';

/**
 * One person's main sleep on the night that ends on `wake`. Everyone sleeps 7.4 h around their own
 * HRV normal (±5 %) until `lowFrom`; from then on RMSSD is at 65 % (ln −0.43, far outside ±1 SD)
 * and sleep is 6.3 h. So the last three complete weeks have the whole ward outside its normal.
 */
function night(subjectId: string, base: number, wake: string, lowFrom: string, n: number) {
  const low = wake >= lowFrom;
  const value = {
    schema: 'sleep.v1',
    readingId: randomUUID(),
    subjectId,
    source: 'oura',
    startAt: `${addDays(wake, -1)}T23:00:00+00:00`,
    endAt: `${wake}T07:00:00+00:00`,
    isMainSleep: true,
    stagesMin: low
      ? { awake: 102, light: 228, deep: 60, rem: 90 }
      : { awake: 36, light: 294, deep: 60, rem: 90 },
    restingHrBpm: low ? 59 : 55 + (n % 3),
    avgRmssdMs: low ? base * 0.65 : base * (1 + [0.05, -0.05, 0][n % 3]!),
  };
  return { key: subjectId, value: JSON.stringify(value) };
}

/** Every place in a JSON value where `contributors` is a number below k. */
function countsBelowK(v: unknown, path = '$'): string[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => countsBelowK(x, `${path}[${i}]`));
  if (v && typeof v === 'object') {
    return Object.entries(v).flatMap(([key, x]) =>
      key === 'contributors' && typeof x === 'number' && x < K
        ? [`${path}.${key} = ${x}`]
        : countsBelowK(x, `${path}.${key}`),
    );
  }
  return [];
}

describe("the wellness team's dashboard (real service, Kafka, InfluxDB, chromium)", () => {
  let t: TestEnv;
  let app: INestApplication | undefined;
  let browser: Browser;
  let base: string;
  const tokens = new TestTokens();
  const ward = Array.from({ length: 12 }, () => `nurse-${randomUUID()}`);
  const tiny = Array.from({ length: 6 }, () => `nurse-${randomUUID()}`);
  const everyone = [...ward, ...tiny];
  let pids: string[] = [];
  const seen: { url: string; status: number; body: string }[] = [];

  const link = async (claims: Record<string, unknown>) =>
    `${base}/team#token=${await tokens.sign({ sub: `lead-${randomUUID()}`, ...claims }, { expiresInS: 3600 })}`;
  const wellness = () => link({ roles: ['wellness'], cohorts: [WARD, TINY] });

  /** A page whose every response body is kept for the privacy scan. */
  async function openPage(viewport = DESKTOP, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
    const context = await browser.newContext({ viewport, colorScheme, acceptDownloads: true });
    const page = await context.newPage();
    page.on('response', (r: Response) => {
      void r.body().then(
        (b) => seen.push({ url: r.url(), status: r.status(), body: b.toString('utf8') }),
        () => undefined, // redirects and aborted requests have no body
      );
    });
    return page;
  }

  beforeAll(async () => {
    t = await makeTestEnv('dashboard');
    const now = new Date();
    const weeks = expectedPeriods('weekly', DASHBOARD_WEEKS, now);
    const lowFrom = weeks.at(-3)!.start; // the last three complete weeks, and the nights since
    const yesterday = addDays(now.toISOString().slice(0, 10), -1);
    await produce(t, t.env.TOPIC_CONSENT!, [
      ...ward.map((s) => consentRecord(s, ['ingest', 'aggregate-trends'], [WARD])),
      ...tiny.map((s) => consentRecord(s, ['ingest', 'aggregate-trends'], [TINY])),
    ]);
    [app, browser] = await Promise.all([
      startApp(t, {
        ...tokens.env,
        TRENDS_COHORTS: `${WARD},${TINY}`,
        TRENDS_SALT: randomBytes(24).toString('hex'),
        TRENDS_SCHEDULE_ENABLED: 'false',
        WEB_DEMO_SIGN_IN: 'true',
      }),
      launch(),
    ]);
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const wakes = Array.from({ length: NIGHTS }, (_, i) => addDays(yesterday, i - NIGHTS + 1));
    await produce(
      t,
      t.env.TOPIC_SLEEP!,
      everyone.flatMap((s, p) => wakes.map((w, n) => night(s, 35 + p, w, lowFrom, n))),
    );
    pids = everyone.map((s) => app!.get(Pseudonymizer).pid(s));
    await eventually(
      // `to` is exclusive; the count alone keeps a failure message short
      () =>
        app!
          .get(CohortQuery)
          .nightsBetween(pids, wakes[0]!, addDays(yesterday, 1))
          .then((r) => r.length),
      (n) => n === everyone.length * NIGHTS,
      120_000,
    );
    // what the schedule would have published: the last 6 weeks and the last 14 nights
    const trends = app.get(TrendsService);
    for (const p of weeks.slice(-6)) await trends.runPeriod(p, now);
    for (const d of wakes.slice(-14)) await trends.runPeriod({ start: d, end: d }, now);
  });
  afterAll(async () => {
    await browser?.close();
    if (t) await teardown(t, [app]);
  });

  it("shows a wellness lead its cohorts' weekly and daily charts, contributors and team actions", async () => {
    const page = await openPage();
    await page.goto(await wellness());
    await page.getByRole('heading', { name: 'Team trends', level: 1 }).waitFor();
    const wardSection = page.getByRole('region', { name: WARD });
    await wardSection.getByText('Ideas for the team').waitFor();
    expect(await wardSection.locator('figure canvas').count()).toBeGreaterThanOrEqual(4);
    for (const title of ['Outside their own normal range', 'Sleep', 'People contributing'])
      await wardSection.getByRole('heading', { name: title, exact: true }).waitFor();
    await wardSection.getByText(/Latest week with figures: .*, from 12 people\./).waitFor();
    await wardSection.getByText('Give protected time back from the inbox').waitFor();
    await wardSection.getByText(/In 3 of the last 4 weeks, 30% or more/).waitFor();
    // weeks before the first release are gaps with their label, not zeros
    await wardSection
      .getByText(/Not published: .* Fewer than 10 people, or held back for privacy\./)
      .first()
      .waitFor();
    await screenshot(page, 'team-weekly-desktop-light');

    await wardSection.getByRole('button', { name: /By night/ }).click();
    await wardSection.getByText(/Latest night with figures: .*, from 12 people\./).waitFor();
    await screenshot(page, 'team-daily-desktop-light');

    const download = page.waitForEvent('download');
    await wardSection.getByRole('button', { name: 'Download daily figures (CSV)' }).click();
    const csv = await (await download).createReadStream().then(async (s) => {
      const chunks: Buffer[] = [];
      for await (const c of s) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    });
    expect(csv.split('\r\n')[0]).toMatch(/^cohortId,periodStart,periodEnd,contributors,/);
    expect(csv.split('\r\n').filter((l) => l.startsWith(`${WARD},`))).toHaveLength(14);
    await page.context().close();
  });

  it('shows a cohort below k as "fewer than k people", with no figures', async () => {
    const page = await openPage();
    await page.goto(await wellness());
    const tinySection = page.getByRole('region', { name: TINY });
    await tinySection.getByText('Not published: fewer than 10 people.').waitFor();
    expect(await tinySection.locator('canvas, table, figure').count()).toBe(0);
    const text = (await tinySection.textContent()) ?? '';
    expect(text).not.toMatch(/%|\bh\b|bpm|from \d+ people/);
    expect(
      text
        .match(/\d+/g)
        ?.map(Number)
        .filter((n) => n !== K && n !== DASHBOARD_WEEKS),
    ).toEqual([]);
    await page.context().close();
  });

  it('tells a subject kindly that the page is not for them, and shows nothing', async () => {
    const page = await openPage(PHONE);
    await page.goto(await link({ sub: ward[0], roles: ['subject'] }));
    await page.getByRole('heading', { name: 'This page is for wellness teams' }).waitFor();
    await page.getByRole('link', { name: 'Go to your own page' }).waitFor();
    expect(await page.locator('canvas').count()).toBe(0);
    expect(await page.getByText(WARD).count()).toBe(0);
    await screenshot(page, 'team-subject-refused-phone');
    const refused = seen.filter((r) => new URL(r.url).pathname === '/v1/trends/dashboard');
    expect(refused.at(-1)?.status).toBe(403);
    // and straight over HTTP: an operator is refused too, no token is unauthenticated
    const status = async (token?: string) =>
      (
        await fetch(`${base}/v1/trends/dashboard`, {
          headers: token ? { authorization: `Bearer ${token}` } : {},
        })
      ).status;
    expect(await status(await tokens.as('operator', 'ops', { cohorts: [WARD] }))).toBe(403);
    expect(await status()).toBe(401);
    await page.context().close();
  });

  it('has no serious or critical accessibility finding, light and dark, desktop and phone', async () => {
    for (const [viewport, size] of [
      [DESKTOP, 'desktop'],
      [PHONE, 'phone'],
    ] as const) {
      for (const scheme of ['light', 'dark'] as const) {
        const page = await openPage(viewport, scheme);
        await page.goto(await wellness());
        await page.getByRole('region', { name: WARD }).getByText('Ideas for the team').waitFor();
        for (const d of await page.locator('details').all())
          await d.evaluate((e) => e.setAttribute('open', ''));
        expect({ size, scheme, found: await seriousViolations(page) }).toEqual({ size, scheme, found: [] });
        for (const d of await page.locator('details').all())
          await d.evaluate((e) => e.removeAttribute('open'));
        await screenshot(page, `team-weekly-${size}-${scheme}`);
        await page.context().close();
      }
    }
  });

  it('received no pid, subjectId or count below k in any response', async () => {
    await new Promise((r) => setTimeout(r, 500)); // the last bodies are read asynchronously
    const api = seen.filter((r) => new URL(r.url).pathname.startsWith('/v1/'));
    expect(api.map((r) => new URL(r.url).pathname)).toEqual(
      expect.arrayContaining(['/v1/trends/dashboard', '/v1/trends/export']),
    );
    const found: string[] = [];
    for (const r of seen) {
      for (const id of [...everyone, ...pids]) if (r.body.includes(id)) found.push(`${r.url}: ${id}`);
      if (/"(pid|subjectId)"\s*:/.test(r.body)) found.push(`${r.url}: a pid or subjectId field`);
      if (r.url.includes('/v1/') && r.body.startsWith('{')) {
        for (const where of countsBelowK(JSON.parse(r.body))) found.push(`${r.url}: ${where}`);
      }
    }
    // the CSV: the contributors column (4th) is empty or ≥ k
    for (const r of seen.filter((x) => x.url.includes('/v1/trends/export'))) {
      for (const line of r.body.trim().split('\r\n').slice(1)) {
        const n = line.split(',')[3];
        if (n !== '' && Number(n) < K) found.push(`${r.url}: csv contributors ${n}`);
      }
    }
    expect(found).toEqual([]);
    expect(seen.length).toBeGreaterThan(20);
  });
});
