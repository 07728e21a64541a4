// Turns the first zod issue into a Rejection with our own code and wording: zod's default
// messages are not ours to promise, and our messages must never echo the offending input.
import type { z } from 'zod';
import { formatPath } from './json-path';
import type { RejectCode, Rejection } from './reading.types';

/** Attach to a custom issue (`params: rejectWith(...)`) to choose its code. */
export function rejectWith(code: RejectCode): { reject: RejectCode } {
  return { reject: code };
}

export function issueToRejection(issue: z.core.$ZodIssue): Rejection {
  const path = formatPath(issue.path);
  switch (issue.code) {
    case 'custom': {
      const code = (issue.params as { reject?: RejectCode } | undefined)?.reject ?? 'SCHEMA_INVALID';
      return { code, path, message: issue.message };
    }
    case 'too_big':
      if (issue.origin === 'array') {
        return { code: 'ARRAY_TOO_LONG', path, message: `must have at most ${issue.maximum} entries` };
      }
      return { code: rangeCode(issue.origin), path, message: `must be at most ${issue.maximum}` };
    case 'too_small':
      if (issue.origin === 'array') {
        return { code: 'SCHEMA_INVALID', path, message: `must have at least ${issue.minimum} entries` };
      }
      return { code: rangeCode(issue.origin), path, message: `must be at least ${issue.minimum}` };
    case 'invalid_type':
      return {
        code: 'SCHEMA_INVALID',
        path,
        message: issue.input === undefined ? `is required (${issue.expected})` : `must be ${issue.expected}`,
      };
    case 'invalid_value':
      return {
        code: 'SCHEMA_INVALID',
        path,
        message: `must be one of ${issue.values.map(String).join('|')}`,
      };
    case 'invalid_format':
      return {
        code: issue.format === 'uuid' ? 'INVALID_IDENTIFIER' : 'SCHEMA_INVALID',
        path,
        message: `must be a valid ${issue.format}`,
      };
    default:
      return { code: 'SCHEMA_INVALID', path, message: 'does not match the schema' };
  }
}

function rangeCode(origin: string): RejectCode {
  return origin === 'number' || origin === 'int' ? 'OUT_OF_RANGE' : 'SCHEMA_INVALID';
}
