import { STATUS_CODES } from 'node:http';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  [extra: string]: unknown;
}

/**
 * One shape for every error answer, `{ statusCode, error, message, ...details }`. A client's mistake
 * (4xx — including what body-parser throws for oversized, mis-encoded or unsupported bodies) is
 * answered and not logged as an error; anything else is a 500 whose details stay in the log (name
 * and message only: no request data, so no subject identifier) and never reach the client.
 * Register with `app.useGlobalFilters(new HttpExceptionFilter())`.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly log = new Logger('HttpExceptionFilter');

  catch(err: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw err;
    const res = host.switchToHttp().getResponse<Response>();
    const body = errorBody(err);
    if (body.statusCode >= 500) this.log.error(describe(err));
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(body.statusCode).json(body);
  }
}

export function errorBody(err: unknown): ErrorBody {
  if (err instanceof HttpException) {
    const statusCode = err.getStatus();
    const r = err.getResponse();
    const base = { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message: err.message };
    return typeof r === 'string' ? { ...base, message: r } : { ...base, ...(r as object), statusCode };
  }
  const status = clientErrorStatus(err);
  if (status !== undefined) {
    // http-errors marks messages safe to show with `expose`; they name the limit or the encoding only
    const e = err as { message?: unknown; expose?: unknown };
    const message =
      e.expose === true && typeof e.message === 'string'
        ? e.message
        : (STATUS_CODES[status] ?? 'Bad Request');
    return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message };
  }
  return { statusCode: 500, error: 'Internal Server Error', message: 'internal error' };
}

/** A 4xx status set by express or body-parser (http-errors), if `err` carries one. */
function clientErrorStatus(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { status?: unknown; statusCode?: unknown };
  const s = typeof e.statusCode === 'number' ? e.statusCode : e.status;
  return typeof s === 'number' && Number.isInteger(s) && s >= 400 && s < 500 ? s : undefined;
}

function describe(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return `non-error thrown: ${typeof err}`;
}
