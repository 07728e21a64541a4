import { deadLetterRecord } from './dead-letter';

const record = (value: Buffer | null) => ({
  topic: 'wearables.hrv.v1',
  partition: 2,
  offset: '17',
  key: Buffer.from('k1'),
  value,
  timestampMs: 0,
});
const error = { code: 'MALFORMED_JSON' as const, message: 'not JSON', path: '' };

describe('deadLetterRecord', () => {
  it('keeps origin, exact bytes and the error', () => {
    const bytes = Buffer.from([0x7b, 0xc3, 0x28, 0x00]);
    const out = JSON.parse(String(deadLetterRecord({ record: record(bytes), error }, 'now', 1024).value));
    expect(out).toMatchObject({
      originalTopic: 'wearables.hrv.v1',
      partition: 2,
      offset: '17',
      key: 'k1',
      error,
      at: 'now',
    });
    expect(Buffer.from(out.value, 'base64').equals(bytes)).toBe(true);
    expect(out.valueTruncated).toBeUndefined();
  });

  it('keeps a tombstone as null', () => {
    expect(
      JSON.parse(String(deadLetterRecord({ record: record(null), error }, 'now', 1024).value)).value,
    ).toBeNull();
  });

  it('truncates an oversized value and says so', () => {
    const big = Buffer.alloc(5000, 0x61);
    const out = JSON.parse(String(deadLetterRecord({ record: record(big), error }, 'now', 100).value));
    expect(Buffer.from(out.value, 'base64')).toHaveLength(100);
    expect(out).toMatchObject({ valueTruncated: true, valueBytes: 5000 });
  });
});
