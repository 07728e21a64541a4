import type { Browser } from 'playwright-core';
import { startAppService } from './support/app-service';
import { DESKTOP, launch, PHONE, screenshot, seriousViolations } from './support/browser';

describe('the app shell served by Respite (real service, Kafka, InfluxDB, chromium)', () => {
  let app: Awaited<ReturnType<typeof startAppService>>;
  let browser: Browser;

  beforeAll(async () => {
    app = await startAppService('web-shell');
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('serves the app at / and its routes, without shadowing the API, health, metrics or docs', async () => {
    const get = (path: string) => fetch(`${app.base}${path}`, { headers: { accept: 'text/html' } });
    for (const path of ['/', '/signals', '/my-data']) {
      const r = await get(path);
      expect([path, r.status, r.headers.get('content-type')]).toEqual([
        path,
        200,
        'text/html; charset=utf-8',
      ]);
      expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
      const html = await r.text();
      expect(html).toContain('<div id="app">');
      // the settings travel in the page as data (the CSP allows no inline script)
      expect(html).toContain('<script type="application/json" id="respite-config">{"demoSignIn":true,');
    }
    // the page is revalidated on each load (no-cache): its tag answers 304, without the page
    const page = await get('/');
    const tag = page.headers.get('etag');
    expect(tag).toMatch(/^"[\w-]+"$/);
    const again = await fetch(`${app.base}/signals`, {
      // a browser's revalidation (fetch() would add no-cache to a request it sees as conditional)
      headers: { accept: 'text/html', 'if-none-match': tag!, 'cache-control': 'max-age=0' },
    });
    expect([again.status, await again.text()]).toEqual([304, '']);
    const api = await get('/v1/no-such-route');
    expect([api.status, api.headers.get('content-type')]).toEqual([404, 'application/json; charset=utf-8']);
    expect((await get('/v1/app-config')).headers.get('content-type')).toContain('application/json');
    expect((await get('/health/live')).headers.get('content-type')).toContain('application/json');
    expect(await (await get('/metrics')).text()).toContain('# HELP');
    expect(await (await get('/docs')).text()).toContain('swagger');
    expect((await get('/manifest.webmanifest')).status).toBe(200);
    expect(await (await get('/sw.js')).text()).toContain("addEventListener('push'");
    // a missing file is a 404, not the app's page
    expect((await get('/assets/missing.js')).status).toBe(404);
  });

  it('signs a person in from the demo link and shows Today, accessibly, on a phone and a desktop', async () => {
    for (const [size, viewport] of Object.entries({ phone: PHONE, desktop: DESKTOP })) {
      const page = await browser.newPage({ viewport });
      await page.goto(await app.link(`shell-${size}`));
      await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
      expect(page.url()).toBe(`${app.base}/`); // the token left the address bar
      await page.getByRole('heading', { name: 'Respite is not reading your signals' }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `today-${size}`);
      await page.close();
    }
  });

  it('shows the sign-in page without a token, and after signing out', async () => {
    const page = await browser.newPage({ viewport: PHONE });
    await page.goto(app.base);
    await page.getByText('Open the sign-in link').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(await app.link('shell-out'));
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('Open the sign-in link').waitFor();
    await page.reload();
    await page.getByText('Open the sign-in link').waitFor();
    await page.close();
  });

  it('axe-core, as the specs run it, does report serious findings (so an empty list means something)', async () => {
    const page = await browser.newPage();
    await page.setContent(
      '<html lang="en"><body><main><button></button><img src="a.png"></main></body></html>',
    );
    const found = await seriousViolations(page);
    expect(found.map((f) => f.split(' ')[0])).toEqual(expect.arrayContaining(['button-name', 'image-alt']));
    await page.close();
  });

  it('opens the coping library and its guided timer offline once visited, keeping still with reduced motion', async () => {
    const context = await browser.newContext({ viewport: PHONE, reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(await app.link('shell-offline', '/library'));
    await page.getByRole('heading', { name: '90-second reset' }).waitFor();
    await page.evaluate('navigator.serviceWorker.ready'); // the app shell is cached
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { name: 'Coping library', level: 1 }).waitFor();
    const card = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: '90-second reset' }) });
    await card.getByRole('button', { name: 'Guide me through it' }).click();
    await card.getByRole('button', { name: 'Start 90-second reset' }).click();
    await card.getByText('Breathe in', { exact: true }).waitFor();
    // the shape does not grow and shrink: no transition, one fixed size
    const style = await card.locator('.breath').getAttribute('style');
    expect(style).toContain('transform: scale(0.8)');
    expect(style).toContain('transition-duration: 0s');
    await context.close();
  });
});
