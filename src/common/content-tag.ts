import { createHash } from 'node:crypto';

/**
 * A strong ETag for a body that does not change while the service runs (the app's page, the coping
 * library), made once: the app sets no tag per answer (src/main.ts), and what a browser revalidates
 * gets a 304 from this.
 */
export function contentTag(body: string): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}
