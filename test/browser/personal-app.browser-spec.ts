import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createInflux } from '../../src/influx/influx.client';
import { HistoryQuery } from '../../src/influx/influx.history-query';
import { findForbidden } from '../../src/nudges/suggestions/plain-language';
import { Pseudonymizer } from '../../src/privacy/pseudonymizer';
import { eventually, produce } from '../support/harness';
import { nudgeNight, sleepMessages } from '../support/stress-nights';
import { SUPPORT_CONTACTS, startAppService } from './support/app-service';
import { DESKTOP, launch, PHONE, screenshot, seriousViolations } from './support/browser';

const PAGES: [string, string][] = [
  ['/', 'Today'],
  ['/signals', 'My signals'],
  ['/nudges', 'Nudges'],
  ['/library', 'Coping library'],
  ['/people', 'People to talk to'],
  ['/check-in', 'Check-in'],
  ['/my-data', 'My data & consent'],
  ['/notifications', 'Notifications'],
  ['/more', 'More'],
];

describe("a clinician's own app, end to end (real service, Kafka, InfluxDB, chromium)", () => {
  let app: Awaited<ReturnType<typeof startAppService>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let history: HistoryQuery;
  const me = `nurse-${randomUUID()}`;
  const other = `nurse-${randomUUID()}`;
  let k = 0;

  /** The API as the given person, straight over HTTP. */
  const asPerson = async (subjectId: string, path: string) => {
    const r = await fetch(`${app.base}${path}`, {
      headers: { authorization: `Bearer ${await app.tokens.subject(subjectId)}` },
    });
    return r.status === 404 ? null : ((await r.json()) as unknown);
  };
  const pidOf = (subjectId: string) => {
    const [keyId, secret] = app.t.env.PSEUDONYM_KEYS!.split(':') as [string, string];
    return new Pseudonymizer([{ keyId, secret }]).pid(subjectId);
  };

  beforeAll(async () => {
    [app, browser, k] = await Promise.all([startAppService('web-app'), launch(), nudgeNight()]);
    context = await browser.newContext({ viewport: PHONE, acceptDownloads: true, timezoneId: 'UTC' });
    page = await context.newPage();
    const env = app.t.env;
    const settings = {
      INFLUX_URL: env.INFLUX_URL!,
      INFLUX_TOKEN: env.INFLUX_TOKEN!,
      INFLUX_ORG: env.INFLUX_ORG ?? 'respite',
      INFLUX_BUCKET: env.INFLUX_BUCKET ?? 'wearables',
      INFLUX_WRITE_TIMEOUT_MS: 30_000,
    };
    history = new HistoryQuery(createInflux(settings), settings);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('signs in and grants consent in plain words', async () => {
    await page.goto(await app.link(me, '/my-data'));
    await page.getByRole('heading', { name: 'My data & consent' }).waitFor();
    for (const label of ['Read my nightly signals', 'Send me private notes', 'Keep my check-ins'])
      await page.getByRole('checkbox', { name: label }).check();
    await page.getByRole('button', { name: 'Save my choices' }).click();
    await page.getByText('Your choices are saved.').waitFor();
    expect(await asPerson(me, '/v1/me/consent')).toMatchObject({
      status: 'granted',
      scopes: ['ingest', 'early-warning', 'self-report'],
    });
    // own quiet hours, away from now so that the nudge below is delivered at once
    const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
    const [from, until] = [hhmm(Date.now() + 2 * 3_600_000), hhmm(Date.now() + 3 * 3_600_000)];
    await page.getByLabel('From', { exact: true }).fill(from);
    await page.getByLabel('Until', { exact: true }).fill(until);
    await page.getByRole('button', { name: 'Save quiet hours' }).click();
    await page.getByText(`Quiet hours are ${from} to ${until}.`).waitFor();
    expect(await asPerson(me, '/v1/me/consent')).toMatchObject({
      quietHours: `${from}-${until}`,
      timeZone: 'UTC',
    });
  });

  it('shows the nights produced to Kafka in the charts, against the person’s own band', async () => {
    await produce(app.t, app.t.env.TOPIC_SLEEP!, sleepMessages(me, k + 1, k).slice(0, k));
    await eventually(
      async () => ((await asPerson(me, '/v1/me/nights')) as { nights: unknown[] }).nights.length,
      (n) => n >= 30,
      120_000,
    );
    await page.getByRole('link', { name: 'My signals' }).click();
    const chart = page.getByRole('img', { name: /^Sleep: last night \d+\.\d hours; your usual range/ });
    await chart.waitFor();
    await screenshot(page, 'signals-phone-screen', false);
    expect(await page.locator('.chart canvas').count()).toBe(3);
    // these are the person's first nights: the band begins once their usual range is learned, and says so
    const learning = page
      .locator('.chart')
      .first()
      .getByText(/^Shaded from .+ on: before that, Respite was still learning your usual range\.$/);
    expect(await learning.count()).toBe(1);
    await page.getByText('Show as a table').first().click();
    const rows = page.locator('.chart').first().locator('tbody tr');
    await rows.first().waitFor(); // built when the table is opened
    expect(await rows.count()).toBe(Math.min(60, k));
  });

  it('receives a nudge live, shows the support contacts with it, and records feedback', async () => {
    const streaming = page.waitForResponse((r) => r.url().endsWith('/v1/me/nudges/stream'));
    await page.getByRole('link', { name: 'Nudges' }).click();
    await page.getByText('No notes right now.').waitFor();
    await streaming;
    await produce(app.t, app.t.env.TOPIC_SLEEP!, sleepMessages(me, k + 1, k).slice(k));
    const card = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: /^About the night before/ }) });
    await card.waitFor({ timeout: 120_000 }); // no reload: it came over the event stream
    await card.getByRole('heading', { name: 'People to talk to' }).waitFor();
    await card.getByText(SUPPORT_CONTACTS[0]!.how).waitFor();
    await screenshot(page, 'nudge-live-phone');
    await screenshot(page, 'nudge-live-phone-screen', false);
    const helpful = card.getByRole('button', { name: 'Helpful', exact: true }).first();
    await helpful.click();
    await eventually(
      async () => helpful.getAttribute('aria-pressed'),
      (v) => v === 'true',
      10_000,
    );
    const [nudge] = (await asPerson(me, '/v1/me/nudges')) as { suggestions: { helpful?: boolean }[] }[];
    expect(nudge!.suggestions[0]!.helpful).toBe(true);
    // "this was just …": one tap, said back in plain words, undone with one more (issue #20)
    const lateNight = card.getByRole('button', { name: 'Just a late night' });
    await lateNight.click();
    await card.getByText('Thanks, noted: just a late night.').waitFor();
    expect(await lateNight.getAttribute('aria-pressed')).toBe('true');
    const dismissal = async () =>
      ((await asPerson(me, '/v1/me/nudges')) as { dismissal?: unknown }[])[0]!.dismissal;
    expect(await dismissal()).toMatchObject({ reason: 'late-night' });
    await card.getByRole('group', { name: /^Was something else going on\?/ }).scrollIntoViewIfNeeded();
    await screenshot(page, 'nudge-dismissed-phone-screen', false);
    await card.getByRole('button', { name: 'Undo' }).click();
    await eventually(
      async () => lateNight.getAttribute('aria-pressed'),
      (v) => v === 'false',
      10_000,
    );
    expect(await dismissal()).toBeUndefined();
    // and by keyboard
    await card.getByRole('button', { name: 'Just travel' }).focus();
    await page.keyboard.press('Enter');
    await card.getByText('Thanks, noted: just travel.').waitFor();
    expect(await dismissal()).toMatchObject({ reason: 'travel' });
    await page.getByRole('link', { name: 'Today' }).click();
    await page.getByRole('heading', { name: 'A note is waiting for you' }).waitFor();
    await page.getByRole('link', { name: 'Nudges' }).click();
    // the way out: put away, and back
    await card.getByRole('button', { name: 'Not now' }).click();
    await page.getByRole('button', { name: 'Show the note you put away' }).click();
    await card.waitFor();
    // the nudge night is marked on the chart's table
    await page.getByRole('link', { name: 'My signals' }).click();
    await page.getByText('Show as a table').first().click();
    await page
      .getByRole('rowheader', { name: /\(note\)$/ })
      .first()
      .waitFor();
  });

  it('saves a check-in, and the download of my data contains it', async () => {
    await page.goto(`${app.base}/check-in`);
    await page.getByText('They also help Respite learn what is normal for you').waitFor();
    await page.getByRole('radio', { name: '3 · Somewhat stressed' }).check();
    await page.getByRole('radio', { name: '4 · Well' }).check();
    await page.getByRole('button', { name: 'Save check-in' }).click();
    await page.getByText('Saved. Thank you for checking in.').waitFor();
    await page.getByText('stress 3 of 5, sleep 4 of 5').waitFor();

    await page.goto(`${app.base}/my-data`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download my data' }).click(),
    ]);
    const data = JSON.parse(readFileSync((await download.path())!, 'utf8')) as {
      subjectId: string;
      checkIns: { stress: number; sleepQuality: number }[];
      points: { daily: unknown[] };
      inbox: { nudges: { dismissal?: { reason: string } }[] };
    };
    expect(data.subjectId).toBe(me);
    expect(data.checkIns).toEqual([expect.objectContaining({ stress: 3, sleepQuality: 4 })]);
    expect(data.points.daily).toHaveLength(k + 1);
    expect(data.inbox.nudges).toHaveLength(1);
    expect(data.inbox.nudges[0]!.dismissal?.reason).toBe('travel');
  });

  it("never shows one person's data to another person's token", async () => {
    expect(await asPerson(other, '/v1/me/nudges')).toEqual([]);
    expect(await asPerson(other, '/v1/me/nights')).toEqual({ hrvMeasure: null, nights: [] });
    expect(await asPerson(other, '/v1/me/check-ins')).toEqual([]);
    expect(JSON.stringify(await asPerson(other, '/v1/me/export'))).not.toContain(me);
    const theirs = await context.browser()!.newPage({ viewport: PHONE });
    await theirs.goto(await app.link(other, '/signals'));
    await theirs.getByText('No nights yet.').waitFor();
    await theirs.goto(`${app.base}/nudges`);
    await theirs.getByText('No notes right now.').waitFor();
    await theirs.close();
  });

  it('has no serious or critical accessibility finding on any page, on a phone and a desktop, light and dark', async () => {
    for (const [name, viewport] of Object.entries({ phone: PHONE, desktop: DESKTOP })) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const ctx = await browser.newContext({ viewport, colorScheme });
        const p = await ctx.newPage();
        await p.goto(await app.link(me));
        await p.getByRole('heading', { name: 'Today', level: 1 }).waitFor(); // signed in
        for (const [path, title] of PAGES) {
          await p.goto(`${app.base}${path}`);
          await p.getByRole('heading', { name: title, exact: true, level: 1 }).waitFor();
          await p.getByText('Loading…').waitFor({ state: 'detached' });
          expect([path, colorScheme, name, await seriousViolations(p)]).toEqual([
            path,
            colorScheme,
            name,
            [],
          ]);
          await screenshot(p, `${path === '/' ? 'today' : path.slice(1)}-${name}-${colorScheme}`);
          // DESIGN §7: plain, kind, never a diagnosis (the words nudges are held to, src/nudges/plain-language.ts)
          expect([path, findForbidden(String(await p.evaluate('document.body.innerText')))]).toEqual([
            path,
            [],
          ]);
        }
        await ctx.close();
      }
    }
  });

  it('erases everything from the app after a confirmation that says what goes', async () => {
    expect(await history.countFor(pidOf(me))).toBeGreaterThan(0);
    await page.goto(`${app.base}/my-data`);
    // withdrawing is one tap, like granting (DESIGN §3.5)
    await page.getByRole('button', { name: 'Stop everything' }).click();
    await page.getByText('Respite has stopped. Nothing new is read.').waitFor();
    await page.getByText('Respite has stopped. To start again').waitFor();
    expect(await asPerson(me, '/v1/me/consent')).toMatchObject({ status: 'revoked' });
    await page.getByRole('button', { name: 'Erase my data…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Erase everything?' });
    await dialog.getByText('your check-ins').waitFor();
    await screenshot(page, 'erase-confirm-phone');
    await dialog.getByRole('button', { name: 'Yes, erase everything' }).click();
    await page.getByText('Everything is erased.').waitFor();
    await page.getByRole('heading', { name: 'Your data was erased' }).waitFor();
    await page.getByText(/Deleted: .*1 check-ins/).waitFor(); // the receipt counts the check-in too
    expect(await history.countFor(pidOf(me))).toBe(0);
    expect(await asPerson(me, '/v1/me/nudges')).toEqual([]);
    expect(await asPerson(me, '/v1/me/consent')).toMatchObject({
      status: 'erased',
      erased: { points: { checkin: 1 } },
    });
    const after = (await asPerson(me, '/v1/me/export')) as {
      points: Record<string, unknown[]>;
      checkIns: unknown[];
    };
    expect([Object.values(after.points).flat(), after.checkIns]).toEqual([[], []]);
  });
});
