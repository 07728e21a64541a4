/**
 * kafkajs 2.2.4 decodes each record's timestamp and offset through its `Long`, a BigInt wrapper:
 * the delta is read byte by byte into BigInts, the batch's first timestamp and offset are parsed
 * from their strings for every record, added, and printed back to strings. That was most of the
 * consumer's decoding cost (README, "The record decoder"). This decoder gives the same record with
 * plain numbers wherever they are exact (every offset and timestamp below 2^53, so every one a
 * broker of this era writes) and hands anything else to kafkajs' own decoder, which stays the
 * oracle (`kafkajs.records.spec.ts` compares the two on random batches).
 *
 * It is installed in place of kafkajs' module, which its batch decoder loads at the first fetch;
 * kafkajs is pinned and in maintenance mode, so the internal path is checked against its version.
 */

/** The parts of kafkajs' protocol `Decoder` this file reads through. */
export interface KafkajsDecoder {
  buffer: Buffer;
  offset: number;
  readInt8(): number;
  readVarInt(): number;
  readVarIntBytes(): Buffer | null;
  readVarIntArray<T>(reader: (d: KafkajsDecoder) => T): T[];
}

/** What kafkajs' record batch decoder passes per record (strings for its 64-bit fields). */
export interface RecordContext {
  firstOffset?: string;
  firstTimestamp?: string;
  maxTimestamp?: string;
  timestampType?: number;
  magicByte?: number;
  isControlBatch?: boolean;
}

type Header = { key: string; value: Buffer | null };
export type RecordDecoder = (decoder: KafkajsDecoder, ctx?: RecordContext) => Record<string, unknown>;

export const KAFKAJS_VERSION = '2.2.4';
const LOG_APPEND_TIME = 1;
/** A varint of at most 7 bytes holds 49 bits: a plain number holds it exactly. */
const SMALL_VARLONG_BYTES = 7;

/**
 * The batch's first offset and timestamp as numbers (NaN where not exact), parsed once per batch:
 * a batch's records are decoded one after the other with the same context object.
 */
let lastContext: RecordContext | undefined;
let lastBases = { offset: Number.NaN, timestamp: Number.NaN };
function basesOf(ctx: RecordContext): { offset: number; timestamp: number } {
  if (ctx !== lastContext) {
    lastContext = ctx;
    lastBases = { offset: exact(ctx.firstOffset), timestamp: exact(ctx.firstTimestamp) };
  }
  return lastBases;
}

function exact(text: string | undefined): number {
  const n = Number(text);
  return Number.isSafeInteger(n) && String(n) === text ? n : Number.NaN;
}

/** A zig-zag varlong of at most 7 bytes as a number; undefined (nothing consumed) if longer. */
function smallVarLong(d: KafkajsDecoder): number | undefined {
  const buf = d.buffer;
  let at = d.offset;
  let raw = 0;
  let scale = 1;
  for (let i = 0; i < SMALL_VARLONG_BYTES; i++) {
    const byte = buf[at++]!;
    raw += (byte & 0x7f) * scale;
    if (byte < 0x80) {
      d.offset = at;
      return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
    }
    scale *= 128;
  }
  return undefined;
}

/**
 * kafkajs' headers object: a key seen twice holds an array of its values. Defined, not assigned, as
 * kafkajs' spread defines them (a header named `__proto__` is a property, not the prototype).
 */
function headersOf(list: readonly Header[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of list) {
    const had = out[key];
    const next = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
    Object.defineProperty(out, key, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * kafkajs' record decoder with numbers: the same fields in the same order, from the same bytes;
 * `stock` decodes the record again from its start when a value is not exact as a number.
 */
export function numericRecordDecoder(stock: RecordDecoder, headerDecoder: (d: KafkajsDecoder) => Header) {
  return (decoder: KafkajsDecoder, ctx: RecordContext = {}): Record<string, unknown> => {
    const bases = basesOf(ctx);
    const start = decoder.offset;
    const attributes = decoder.readInt8();
    const delta = smallVarLong(decoder);
    const offsetDelta = delta === undefined ? 0 : decoder.readVarInt();
    const appended = ctx.timestampType === LOG_APPEND_TIME && ctx.maxTimestamp;
    const timestamp = appended ? ctx.maxTimestamp : bases.timestamp + (delta ?? 0);
    const offset = bases.offset + offsetDelta;
    if (
      delta === undefined ||
      !Number.isSafeInteger(offset) ||
      (!appended && !Number.isSafeInteger(timestamp))
    ) {
      decoder.offset = start;
      return stock(decoder, ctx);
    }
    const key = decoder.readVarIntBytes();
    const value = decoder.readVarIntBytes();
    const headers = headersOf(decoder.readVarIntArray(headerDecoder));
    return {
      magicByte: ctx.magicByte,
      attributes,
      timestamp: appended ? ctx.maxTimestamp : String(timestamp),
      offset: String(offset),
      key,
      value,
      headers,
      isControlRecord: ctx.isControlBatch === undefined ? false : ctx.isControlBatch,
      batchContext: ctx,
    };
  };
}

const RECORD = 'kafkajs/src/protocol/recordBatch/record/v0/decoder';
const BATCH = 'kafkajs/src/protocol/recordBatch/v0/decoder';
const HEADER = 'kafkajs/src/protocol/recordBatch/header/v0/decoder';

/**
 * Puts the numeric decoder in place of kafkajs' module before its batch decoder loads it (at the
 * first fetch); a second call does nothing. Returns why it did not, where it could not: kafkajs is
 * not the version this was checked against, its modules are not in Node's module cache (a bundle),
 * or its batch decoder already holds the stock module.
 * Either way kafkajs' own decoder goes on decoding the same records, only slower.
 */
export function installNumericRecords(): string | undefined {
  const version = (require('kafkajs/package.json') as { version: string }).version;
  if (version !== KAFKAJS_VERSION) return `kafkajs ${version} (the numeric decoder knows ${KAFKAJS_VERSION})`;
  const stock = require(RECORD) as RecordDecoder & { numeric?: true };
  if (stock.numeric) return undefined;
  const cached = require.cache[require.resolve(RECORD)];
  if (!cached) return "kafkajs' modules are not in Node's module cache";
  if (require.cache[require.resolve(BATCH)]) return 'kafkajs has fetched already';
  cached.exports = Object.assign(numericRecordDecoder(stock, require(HEADER)), { numeric: true as const });
  return undefined;
}
