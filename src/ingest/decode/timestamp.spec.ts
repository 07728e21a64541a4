import { formatWithOffset, parseTimestamp, parseZoneOffset } from './timestamp';

describe('parseTimestamp', () => {
  it.each([
    ['2026-11-20T03:10:00+01:00', Date.UTC(2026, 10, 20, 2, 10), 60],
    ['2026-11-20T03:10:00.250Z', Date.UTC(2026, 10, 20, 3, 10, 0, 250), 0],
    ['2026-11-20T03:10:00.123456789-05:30', Date.UTC(2026, 10, 20, 8, 40, 0, 123), -330],
    ['2026-11-20T03:10+0100', Date.UTC(2026, 10, 20, 2, 10), 60],
    ['2024-02-29T12:00:00+14:00', Date.UTC(2024, 1, 28, 22), 840],
  ])('parses %s', (s, epochMs, utcOffsetMinutes) => {
    expect(parseTimestamp(s)).toEqual({ epochMs, utcOffsetMinutes });
  });

  it.each([
    '2026-11-20T03:10:00',
    '2026-11-20 03:10:00+01:00',
    '2026-02-30T00:00:00Z',
    '2025-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-11-20T24:00:00Z',
    '2026-11-20T03:60:00Z',
    '2026-11-20T03:10:60Z',
    '2026-11-20T03:10:00+15:00',
    '2026-11-20T03:10:00+01:75',
    '2026-11-20',
    '1795140600000',
    ' 2026-11-20T03:10:00Z',
  ])('rejects %s', (s) => {
    expect(parseTimestamp(s)).toBeUndefined();
  });

  it('places years below 100 correctly rather than in the 1900s', () => {
    expect(parseTimestamp('0050-01-01T00:00:00Z')?.epochMs).toBe(Date.parse('0050-01-01T00:00:00Z'));
  });
});

describe('formatWithOffset', () => {
  it('renders local time with the offset and round-trips', () => {
    const ms = Date.UTC(2026, 10, 20, 2, 10);
    expect(formatWithOffset(ms, 60)).toBe('2026-11-20T03:10:00+01:00');
    expect(formatWithOffset(ms, 0)).toBe('2026-11-20T02:10:00Z');
    expect(formatWithOffset(ms + 5, -330)).toBe('2026-11-19T20:40:00.005-05:30');
    expect(parseTimestamp(formatWithOffset(ms + 5, -330))).toEqual({
      epochMs: ms + 5,
      utcOffsetMinutes: -330,
    });
  });
});

describe('parseZoneOffset', () => {
  it.each([
    ['+01:00', 60],
    ['-09:30', -570],
    ['Z', 0],
    [3600, 60],
    [-16200, -270],
    ['+05:45:00', 345],
  ] as const)('reads %s', (offset, minutes) => {
    expect(parseZoneOffset(offset)).toBe(minutes);
  });

  it.each(['+1:00', '+01:99', '+15:00', 'CET', 30, 18 * 3600])('rejects %s', (offset) => {
    expect(parseZoneOffset(offset)).toBeUndefined();
  });
});
