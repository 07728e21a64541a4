import type { OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;

/**
 * 405 with `Allow` (RFC 9110 §15.5.6) for a method the OpenAPI document does not declare on a path
 * it does declare, instead of Nest's 404 ("no such resource"), which is not true. The document is
 * the list, so routes and answers cannot drift; HEAD goes with GET, as Express serves it.
 */
export function methodNotAllowed(doc: OpenAPIObject) {
  const routes = Object.entries(doc.paths).map(([path, item]) => {
    const declared = METHODS.filter((m) => (item as Record<string, unknown>)[m]).map((m) => m.toUpperCase());
    if (declared.includes('GET')) declared.push('HEAD');
    const pattern = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^/}]+\\?\}/g, '[^/]+');
    return { re: new RegExp(`^${pattern}/?$`), allow: declared };
  });
  return (req: Request, res: Response, next: NextFunction): void => {
    const route = routes.find((r) => r.re.test(req.path));
    if (!route || route.allow.includes(req.method)) {
      next();
      return;
    }
    res.setHeader('Allow', route.allow.join(', '));
    res
      .status(405)
      .json({ statusCode: 405, error: 'Method Not Allowed', message: `${req.method} is not allowed here` });
  };
}
