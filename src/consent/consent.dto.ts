import { BadRequestException, type PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { requestModel, responseModel } from '../common/api-schema';
import type { ErasureReceipt } from '../erasure/erasure.receipt';
import { type ConsentRecord, QUIET_HOURS, SCOPES } from './consent.schema';

const COHORT = /^[a-z0-9:_-]+$/;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Body of PUT /v1/me/consent. Strict: a misspelt or foreign field (e.g. subjectId) is an error, not ignored. */
export const putConsentSchema = requestModel(
  'PutConsentDto',
  z.strictObject({
    scopes: z
      .array(z.enum(SCOPES))
      .min(1, 'grant at least one scope; to withdraw, DELETE /v1/me/consent')
      .max(SCOPES.length)
      .refine((s) => new Set(s).size === s.length, 'each scope at most once'),
    cohorts: z
      .array(z.string().min(1).max(64).regex(COHORT, 'lower-case letters, digits and : _ - only'))
      .max(20)
      .refine((c) => new Set(c).size === c.length, 'each cohort at most once')
      .default([])
      .describe('cohorts for aggregate trends'),
    policyVersion: z
      .string()
      .min(1)
      .max(32)
      .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits and . _ - only')
      .describe('version of the privacy notice the person agreed to'),
    timeZone: z
      .string()
      .max(64)
      .refine(isTimeZone, 'not an IANA time zone')
      .optional()
      .describe('IANA time zone, for quiet hours and naming nights'),
    quietHours: z
      .string()
      .regex(QUIET_HOURS, 'expected HH:MM-HH:MM')
      .optional()
      .describe('my quiet hours in my time zone (equal times: none); omitted keeps the previous ones'),
  }),
);
export type PutConsent = z.output<typeof putConsentSchema>;

export const eraseSchema = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')
  .default(false);

export interface Issue {
  path: string;
  message: string;
}

/** `scopes[0]`, `timeZone`; the body itself is `(body)`. */
export function issuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path)
    out += typeof seg === 'number' ? `[${seg}]` : `${out === '' ? '' : '.'}${String(seg)}`;
  return out || '(body)';
}

function badRequest(message: string, issues: Issue[]): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message, issues });
}

/** Validates a body with zod; a failure is a 400 that names every offending field. */
export class ZodBodyPipe<T extends z.ZodType> implements PipeTransform<unknown, z.output<T>> {
  constructor(private readonly schema: T) {}

  transform(value: unknown): z.output<T> {
    const r = this.schema.safeParse(value);
    if (r.success) return r.data;
    const issues = r.error.issues.flatMap((i): Issue[] =>
      i.code === 'unrecognized_keys'
        ? i.keys.map((k) => ({ path: issuePath([...i.path, k.slice(0, 64)]), message: 'unknown field' }))
        : [{ path: issuePath(i.path), message: i.message }],
    );
    // zod may report one field twice (wrong type, then a length check on it): keep the first
    const first = issues.filter((i, n) => issues.findIndex((j) => j.path === i.path) === n);
    throw badRequest('invalid body', first.slice(0, 20));
  }
}

/** `?erase=true|false|1|0`; anything else (or the parameter twice) is a 400. */
export class EraseQueryPipe implements PipeTransform<unknown, boolean> {
  transform(value: unknown): boolean {
    const r = eraseSchema.safeParse(value);
    if (r.success) return r.data;
    throw badRequest('invalid query', [{ path: 'erase', message: 'expected true or false' }]);
  }
}

const consentSchema = responseModel(
  'ConsentDto',
  z.object({
    status: z.enum(['granted', 'revoked']),
    scopes: z.array(z.enum(SCOPES)),
    cohorts: z.array(z.string()),
    policyVersion: z.string(),
    at: z.iso.datetime({ offset: true }),
    timeZone: z.string().optional(),
    quietHours: z.string().optional().describe('my quiet hours, if I set my own'),
  }),
);
export type ConsentDto = z.output<typeof consentSchema>;

export const ConsentDto = {
  /** What the person may see of their own record (their subjectId is the token's, so it is left out). */
  of(r: ConsentRecord): ConsentDto {
    const { status, scopes, cohorts, policyVersion, at, timeZone, quietHours } = r;
    return {
      status,
      scopes,
      cohorts,
      policyVersion,
      at,
      ...(timeZone ? { timeZone } : {}),
      ...(quietHours ? { quietHours } : {}),
    };
  },
};

const erasedCountsSchema = responseModel(
  'ErasedCountsDto',
  z.object({
    points: z
      .record(z.string(), z.number().int())
      .describe('stored points deleted, per kind (counts only: nothing of their content is kept)'),
    warningState: z.boolean().describe('whether a personal baseline and warning state was deleted'),
    inbox: z.boolean().describe('whether an inbox (nudges, feedback, push subscriptions) was deleted'),
  }),
);

/**
 * The answer to an erasure, and what `GET /v1/me/consent` shows after one (while its receipt is
 * kept): when it was asked for, when it was done, and how much went.
 */
const erasureSchema = responseModel(
  'ErasureDto',
  z.object({
    status: z.enum(['erased', 'erasing']).describe('`erasing`: accepted, still under way'),
    at: z.iso.datetime({ offset: true }).describe('when the erasure was asked for'),
    erasedAt: z.iso.datetime({ offset: true }).optional().describe('when it was completed'),
    erased: erasedCountsSchema.optional(),
  }),
);
export type ErasureDto = z.output<typeof erasureSchema>;

export const ErasureDto = {
  of(r: ErasureReceipt, at?: string): ErasureDto {
    const { points, warningState, inbox } = r;
    return {
      status: r.erasedAt === null ? 'erasing' : 'erased',
      at: r.requestedAt ?? at ?? r.erasedAt ?? new Date().toISOString(),
      ...(r.erasedAt === null ? {} : { erasedAt: r.erasedAt }),
      erased: { points, warningState, inbox },
    };
  },
};
