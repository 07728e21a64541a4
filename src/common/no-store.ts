import type { NextFunction, Request, Response } from 'express';

/**
 * `Cache-Control: no-store` on every answer of the API (/v1): a person's nights, nudges, check-ins
 * and export, and the team's trends, must not be kept by the browser's disk cache or by any proxy
 * on the way (RFC 9111 §5.2.2.5), errors included. A route whose answer is public sets its own
 * (the coping library: `public, max-age=3600`); the app's files (web/) keep theirs, and its service
 * worker never caches /v1 either (web/sw/sw.js).
 */
export function noStore(req: Request, res: Response, next: NextFunction): void {
  if (req.path.startsWith('/v1/')) res.setHeader('Cache-Control', 'no-store');
  next();
}
