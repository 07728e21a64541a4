import { mergeReceipt, parseReceipt } from './erasure.receipt';

const first = mergeReceipt(undefined, '2026-11-20T08:00:00Z', '2026-11-20T08:00:05Z', {
  points: { hrv: 120, sleep: 10 },
  warningState: true,
  inbox: false,
});

describe('erasure receipts', () => {
  it('a repeat of the same request keeps the first counts and time', () => {
    const again = mergeReceipt(first, '2026-11-20T08:00:00Z', '2026-11-20T09:00:00Z', {
      points: { hrv: 0, sleep: 2 },
      warningState: false,
      inbox: true,
    });
    expect(again).toEqual({ ...first, points: { hrv: 120, sleep: 10 }, inbox: true });
  });

  it('the tombstone after an erasure that finds nothing leaves the receipt as it was', () => {
    expect(
      mergeReceipt(first, null, '2026-11-20T08:01:00Z', { points: {}, warningState: false, inbox: false }),
    ).toBe(first);
  });

  it('a later request, or a tombstone that found data, gets a receipt of its own', () => {
    const later = mergeReceipt(first, '2026-12-01T08:00:00Z', '2026-12-01T08:00:04Z', {
      points: { hrv: 3 },
      warningState: false,
      inbox: false,
    });
    expect(later).toMatchObject({ requestedAt: '2026-12-01T08:00:00Z', points: { hrv: 3 } });
    const byTombstone = mergeReceipt(first, null, '2026-12-02T00:00:00Z', {
      points: { daily: 1 },
      warningState: false,
      inbox: false,
    });
    expect(byTombstone).toMatchObject({ requestedAt: null, erasedAt: '2026-12-02T00:00:00Z' });
  });

  it('parses what it wrote and refuses anything else', () => {
    expect(parseReceipt(Buffer.from(JSON.stringify(first)))).toEqual(first);
    expect(parseReceipt(Buffer.from('{"points":"many"}'))).toBeUndefined();
    expect(parseReceipt(null)).toBeUndefined();
  });
});
