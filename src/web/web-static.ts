import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import { contentTag } from '../common/content-tag';
import { APP_CONFIG } from '../config/config.module';
import { appConfigOf } from './app-config.controller';

/** Where `npm run build` (vite) puts the app; one level above both src/ (tsx) and dist/ (node). */
export const WEB_DIST = join(__dirname, '..', '..', 'web', 'dist');

/** Paths the API owns: the app's fallback must never answer them with index.html. */
const API_PREFIXES = ['/v1', '/health', '/metrics', '/docs'];

export function isApiPath(path: string): boolean {
  return API_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`) || path.startsWith(`${p}-`));
}

/**
 * Serves the personal app at `/`: hashed assets for a year, everything else revalidated, and
 * index.html for any other GET that wants a page (client-side routes such as /signals). Runs before
 * Nest's routes, so it skips the API's paths explicitly rather than relying on route order.
 */
export function serveWebApp(app: INestApplication, dir = WEB_DIST): boolean {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return false;
  // the app's settings go into the page itself (data, not script: the CSP allows no inline script),
  // which saves a phone one round trip before the first screen; GET /v1/app-config has the same
  const config = JSON.stringify(appConfigOf(app.get(APP_CONFIG))).replaceAll('<', '\\u003c');
  const html = readFileSync(index, 'utf8').replace(
    '<div id="app">',
    `<script type="application/json" id="respite-config">${config}</script><div id="app">`,
  );
  // the page is revalidated on every load (no-cache): its tag is made once (the app sets none)
  const htmlTag = contentTag(html);
  const files = express.static(dir, {
    index: false,
    setHeaders: (res, path) => {
      const immutable = path.includes(`${join(dir, 'assets')}`);
      res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      res.setHeader('X-Content-Type-Options', 'nosniff');
    },
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (isApiPath(req.path)) return next();
    files(req, res, () => {
      const wantsPage = (req.method === 'GET' || req.method === 'HEAD') && !/\.[a-z0-9]+$/i.test(req.path);
      if (!wantsPage) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.setHeader('Content-Security-Policy', CSP);
      res.setHeader('ETag', htmlTag);
      res.type('html').send(html);
    });
  });
  return true;
}

/** Everything the app loads comes from Respite itself (DESIGN §7: nothing from elsewhere). */
const CSP = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  "connect-src 'self' https:",
  "worker-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self' https:",
].join('; ');
