// Structured logs: one JSON object per line on stdout, `{ level, time, context, msg, ... }`, through
// pino (nestjs-pino makes it Nest's logger). Request logs name the route pattern and the status only:
// never headers (Authorization), query strings or the concrete path, which could carry an identifier.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import { type DestinationStream, type LevelWithSilent, type LoggerOptions, stdTimeFunctions } from 'pino';
import type { Options as HttpOptions } from 'pino-http';
import type { AppConfig } from '../config/config.schema';

/** LOG_LEVEL keeps Nest's names (ConfigMap and README use them); pino calls them differently. */
const PINO_LEVEL = {
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
} as const satisfies Record<AppConfig['LOG_LEVEL'], LevelWithSilent>;

/**
 * Fields that must never reach a log, wherever code passes an object to the logger: identities,
 * credentials and request details. (Messages are plain strings and carry only pids by convention;
 * test/integration/privacy-scan.int-spec.ts checks that.)
 */
export const REDACTED_PATHS = [
  'subjectId',
  'deviceId',
  'sub',
  'token',
  'authorization',
  'headers',
  'query',
  'url',
  '*.subjectId',
  '*.deviceId',
  '*.sub',
  '*.token',
  '*.authorization',
  '*.headers',
  '*.query',
  '*.url',
];

/** Options for every pino logger of the service (also the one main.ts uses for a failed start). */
export function pinoOptions(level: AppConfig['LOG_LEVEL']): LoggerOptions {
  return {
    level: PINO_LEVEL[level],
    // no pid/hostname: `pid` means the pseudonym in this codebase, and the platform labels pods
    base: null,
    timestamp: stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
}

type Req = IncomingMessage & { route?: { path?: unknown }; baseUrl?: string };

/**
 * The matched route pattern (`/v1/me/nudges/:id/feedback`), never the concrete path or its query.
 * A request no route matched keeps the logging middleware's catch-all (`{/*splat}`): no route.
 */
export function routeOf(req: Req): string {
  const path = req.route?.path;
  return typeof path === 'string' && !path.includes('*') ? `${req.baseUrl ?? ''}${path}` : '(no route)';
}

const PROBES = /^\/(health\/(live|ready)|metrics)(\?|$)/;

/** nestjs-pino's LoggerModule parameters for this config; `stream` (default stdout) for tests. */
export function loggerParams(config: Pick<AppConfig, 'LOG_LEVEL'>, stream?: DestinationStream): Params {
  const request = (req: Req, res: ServerResponse, responseTime: number) => ({
    context: 'http',
    method: req.method,
    route: routeOf(req),
    statusCode: res.statusCode,
    responseTime,
  });
  const options: HttpOptions = {
    ...pinoOptions(config.LOG_LEVEL),
    // the request's own loggers carry only its id, never the request object
    quietReqLogger: true,
    quietResLogger: true,
    // Kubernetes probes and Prometheus scrapes would drown everything else
    autoLogging: { ignore: (req) => PROBES.test(req.url ?? '') },
    customLogLevel: (_req, res, err) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    customSuccessObject: (req, res, val: { responseTime: number }) => request(req, res, val.responseTime),
    customErrorObject: (req, res, _err, val: { responseTime: number }) => request(req, res, val.responseTime),
    customSuccessMessage: (req, res) => `${req.method} ${routeOf(req)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${routeOf(req)} ${res.statusCode}`,
  };
  return { pinoHttp: stream ? [options, stream] : options };
}
