import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  type KafkajsDecoder,
  numericRecordDecoder,
  type RecordContext,
  type RecordDecoder,
} from './kafkajs.records';

// kafkajs' own encoder and decoder are the oracle: untyped internals of the pinned 2.2.4.
const Decoder = require('kafkajs/src/protocol/decoder') as new (b: Buffer) => KafkajsDecoder;
const Long = require('kafkajs/src/utils/long') as { fromValue(v: string | number): unknown };
const encodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0') as (r: {
  offsetDelta: number;
  timestampDelta: unknown;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | string | (Buffer | string)[]>;
}) => { buffer: Buffer };
type Header = { key: string; value: Buffer | null };
const Encoder = require('kafkajs/src/protocol/encoder') as new () => {
  writeVarIntArray(a: unknown[]): { buffer: Buffer };
};
const encodeHeader = require('kafkajs/src/protocol/recordBatch/header/v0') as (h: Header) => unknown;
const stock = require('kafkajs/src/protocol/recordBatch/record/v0/decoder') as RecordDecoder;
const header = require('kafkajs/src/protocol/recordBatch/header/v0/decoder');
const numeric = numericRecordDecoder(stock, header);

/** A record's bytes as the batch decoder hands them over: without the length in front. */
function recordBytes(r: Parameters<typeof encodeRecord>[0]): Buffer {
  return new Decoder(encodeRecord(r).buffer).readVarIntBytes()!;
}

/**
 * The same record with another attributes byte and a header list of its own, in order (kafkajs'
 * encoder takes headers as an object, so it cannot interleave a repeated name): an empty header
 * list is the record's last byte.
 */
function withHeaders(record: Buffer, attributes: number, list: readonly Header[]): Buffer {
  const out = Buffer.concat([
    record.subarray(0, -1),
    new Encoder().writeVarIntArray(list.map(encodeHeader)).buffer,
  ]);
  out.writeInt8(attributes, 0);
  return out;
}

function bothDecode(bytes: Buffer, ctx: RecordContext) {
  const a = new Decoder(bytes);
  const b = new Decoder(bytes);
  return { stock: stock(a, { ...ctx }), numeric: numeric(b, { ...ctx }), ends: [a.offset, b.offset] };
}

const bigint64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const int64Text = fc.oneof(
  fc.integer({ min: 0, max: 2 ** 40 }).map(String),
  fc.integer({ min: -5, max: 5 }).map(String),
  fc.constantFrom('9007199254740991', '9007199254740990', '9007199254740992', '-9007199254740991'),
  bigint64.map(String),
);
const delta = fc.oneof(
  fc.integer({ min: -1000, max: 100_000 }),
  fc.constantFrom(2 ** 48 - 1, -(2 ** 48), 2 ** 48, 2 ** 53 - 1),
  // 8 and 9 bytes: beyond what a number holds exactly
  fc.bigInt({ min: -(2n ** 55n), max: 2n ** 55n }).map(String),
  bigint64.filter((v) => v !== -(2n ** 63n)).map(String),
);
const bytes = fc.option(
  fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a)),
  { nil: null },
);
const headers = fc.array(
  fc.record({ key: fc.constantFrom('trace', 'a', '__proto__', 'toString', 'x'), value: bytes }),
  { maxLength: 5 },
);

describe('the numeric record decoder', () => {
  it('gives what kafkajs gives, byte for byte, for any record and batch context', () => {
    fc.assert(
      fc.property(
        int64Text,
        int64Text,
        delta,
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        bytes,
        bytes,
        headers,
        fc.integer({ min: -128, max: 127 }),
        fc.constantFrom(0, 1),
        fc.option(int64Text, { nil: undefined }),
        fc.option(fc.boolean(), { nil: undefined }),
        (
          firstOffset,
          firstTimestamp,
          timestampDelta,
          offsetDelta,
          key,
          value,
          hs,
          attributes,
          type,
          max,
          control,
        ) => {
          const plain = recordBytes({
            offsetDelta,
            timestampDelta: Long.fromValue(timestampDelta),
            key,
            value,
            headers: {},
          });
          const record = withHeaders(plain, attributes, hs);
          const ctx: RecordContext = {
            firstOffset,
            firstTimestamp,
            maxTimestamp: max,
            timestampType: type,
            magicByte: 2,
            isControlBatch: control,
          };
          const got = bothDecode(record, ctx);
          expect(got.numeric).toStrictEqual(got.stock);
          expect(Object.keys(got.numeric)).toEqual(Object.keys(got.stock));
          expect(Object.getOwnPropertyNames(got.numeric.headers)).toEqual(
            Object.getOwnPropertyNames(got.stock.headers),
          );
          expect(got.ends[1]).toBe(got.ends[0]);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('reads a batch of records one after another from one decoder, with a new context per batch', () => {
    const records = [0, 1, 2].map((i) =>
      encodeRecord({
        offsetDelta: i,
        timestampDelta: i * 7,
        key: Buffer.from(`k${i}`),
        value: null,
        headers: {},
      }),
    );
    const all = Buffer.concat(records.map((r) => r.buffer));
    for (const firstOffset of ['41', '9007199254740990']) {
      const ctx: RecordContext = { firstOffset, firstTimestamp: '1700000000000', timestampType: 0 };
      const [a, b] = [new Decoder(all), new Decoder(all)];
      const read = (d: KafkajsDecoder, decode: typeof numeric) =>
        [0, 1, 2].map(() => decode(new Decoder(d.readVarIntBytes()!), ctx));
      expect(read(b, numeric)).toStrictEqual(read(a, stock));
    }
  });

  // the swap is tested in a plain Node process, as the service runs it, not in jest's module registry
  const inNode = (script: string): string =>
    execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: join(__dirname, '..', '..') })
      .toString()
      .trim();

  it('is what kafkajs fetches through once installed', () => {
    const out = inNode(`
      const { installNumericRecords } = require('./src/kafka/kafkajs.records.ts');
      const Long = require('kafkajs/src/utils/long');
      const Decoder = require('kafkajs/src/protocol/decoder');
      const encodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0');
      const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0');
      const why = [installNumericRecords(), installNumericRecords()];
      const decodeBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder');
      const records = [0, 1].map((i) =>
        encodeRecord({ offsetDelta: i, timestampDelta: i, key: null, value: Buffer.from('v' + i), headers: {} }));
      RecordBatch({ firstOffset: Long.fromValue(7), firstTimestamp: 1700000000000, records })
        .then((batch) => decodeBatch(new Decoder(batch.buffer)))
        .then((out) => console.log(JSON.stringify({
          why,
          numeric: require('kafkajs/src/protocol/recordBatch/record/v0/decoder').numeric,
          records: out.records.map((r) => [r.offset, r.timestamp, r.value.toString()]),
        })));`);
    expect(JSON.parse(out)).toEqual({
      why: [null, null],
      numeric: true,
      records: [
        ['7', '1700000000000', 'v0'],
        ['8', '1700000000001', 'v1'],
      ],
    });
  });

  it('stays out, and says why, once kafkajs has fetched', () => {
    const out = inNode(`
      const { installNumericRecords } = require('./src/kafka/kafkajs.records.ts');
      require('kafkajs/src/protocol/requests/fetch/v4/decodeMessages');
      console.log(JSON.stringify([installNumericRecords(),
        require('kafkajs/src/protocol/recordBatch/record/v0/decoder').numeric ?? 'stock']));`);
    expect(JSON.parse(out)).toEqual(['kafkajs has fetched already', 'stock']);
  });
});
