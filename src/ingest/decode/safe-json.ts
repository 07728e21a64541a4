// Parses one Kafka message value without trusting it: bounded size, bounded nesting (checked by a
// byte scan before any parser recurses), strict UTF-8, no prototype-polluting keys, finite numbers.
import { formatPath } from './json-path';
import { type JsonValue, type Result, reject } from './reading.types';

export const DEFAULT_MAX_BYTES = 256 * 1024;
export const DEFAULT_MAX_DEPTH = 8;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

const UTF8 = new TextDecoder('utf-8', { fatal: true });

export interface SafeJsonOptions {
  maxBytes?: number;
  maxDepth?: number;
}

export function parseSafeJson(bytes: Uint8Array, opts: SafeJsonOptions = {}): Result<JsonValue> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (bytes.length > maxBytes) {
    return reject('TOO_LARGE', '', `message exceeds ${maxBytes} bytes`);
  }
  if (openings(bytes, maxDepth) > maxDepth && maxNestingDepth(bytes, maxDepth) > maxDepth) {
    return reject('NESTING_TOO_DEEP', '', `nesting deeper than ${maxDepth} levels`);
  }
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return reject('MALFORMED_JSON', '', 'value is not valid UTF-8');
  }
  let value: JsonValue;
  try {
    // JSON.parse defines "__proto__" as an own data property (it never calls the setter), so the
    // parse itself cannot pollute; the walk below then refuses such keys outright.
    value = JSON.parse(text) as JsonValue;
  } catch {
    return reject('MALFORMED_JSON', '', 'value is not well-formed JSON');
  }
  return isClean(value) ? { ok: true, value } : checkTree(value);
}

/**
 * The common case, without allocating: no forbidden key, no overflowing number. Recursion is
 * bounded: nesting was checked above. On `false`, checkTree finds the problem and its path.
 */
function isClean(value: JsonValue): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (typeof item === 'number') {
        if (!Number.isFinite(item)) return false;
      } else if (item !== null && typeof item === 'object' && !isClean(item)) {
        return false;
      }
    }
    return true;
  }
  for (const key in value) {
    if (FORBIDDEN_KEYS.has(key) || !isClean(value[key]!)) return false;
  }
  return true;
}

/**
 * Opening brackets anywhere, strings included, counted natively (Buffer#indexOf) up to `limit + 1`:
 * nesting can be no deeper, so the byte-by-byte scan below only runs when this cannot rule it out.
 */
function openings(bytes: Uint8Array, limit: number): number {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let n = 0;
  for (let i = buf.indexOf(OPEN_BRACE); i !== -1 && n <= limit; i = buf.indexOf(OPEN_BRACE, i + 1)) n++;
  for (let i = buf.indexOf(OPEN_BRACKET); i !== -1 && n <= limit; i = buf.indexOf(OPEN_BRACKET, i + 1)) n++;
  return n;
}

/**
 * Deepest bracket nesting, ignoring brackets inside strings. Stops counting once past `limit`.
 * Works on bytes: UTF-8 continuation bytes are never ASCII, so a multi-byte character cannot
 * look like a quote or bracket.
 */
export function maxNestingDepth(bytes: Uint8Array, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) {
      inString = true;
    } else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      depth++;
      if (depth > max) max = depth;
      if (max > limit) return max;
    } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
      depth--;
    }
  }
  return max;
}

interface Node {
  value: JsonValue;
  key: PropertyKey;
  parent: Node | undefined;
}

function pathOf(node: Node | undefined, last?: PropertyKey): string {
  const path: PropertyKey[] = last === undefined ? [] : [last];
  for (let n = node; n?.parent !== undefined; n = n.parent) path.unshift(n.key);
  return formatPath(path);
}

/**
 * Iterative walk: forbidden keys and overflowing numbers, reported with their path. Paths are only
 * built on failure (parent links), and numbers in arrays are checked in place: this runs for every
 * message, RR arrays of thousands of beats included.
 */
function checkTree(root: JsonValue): Result<JsonValue> {
  const stack: Node[] = [{ value: root, key: '', parent: undefined }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const value = node.value;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return reject('NOT_FINITE', pathOf(node), 'number overflows to infinity');
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) {
        const item = value[i]!;
        if (typeof item === 'number') {
          if (!Number.isFinite(item))
            return reject('NOT_FINITE', pathOf(node, i), 'number overflows to infinity');
        } else if (item !== null && typeof item === 'object') {
          stack.push({ value: item, key: i, parent: node });
        }
      }
    } else if (value !== null && typeof value === 'object') {
      const keys = Object.keys(value);
      for (const key of keys) {
        if (FORBIDDEN_KEYS.has(key)) return reject('FORBIDDEN_KEY', pathOf(node, key), 'key is not allowed');
      }
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        stack.push({ value: value[key]!, key, parent: node });
      }
    }
  }
  return { ok: true, value: root };
}
