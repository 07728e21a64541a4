import type { NextFunction, Request, Response } from 'express';
import { noStore } from './no-store';

function headersFor(path: string): Record<string, string> {
  const set: Record<string, string> = {};
  const res = { setHeader: (k: string, v: string) => (set[k] = v) } as unknown as Response;
  const next = jest.fn() as NextFunction;
  noStore({ path } as Request, res, next);
  expect(next).toHaveBeenCalledTimes(1);
  return set;
}

describe('noStore', () => {
  it('marks every API answer no-store, and nothing else', () => {
    for (const path of ['/v1/me/nights', '/v1/me/export', '/v1/trends/unit:a', '/v1/nope'])
      expect(headersFor(path)).toEqual({ 'Cache-Control': 'no-store' });
    for (const path of ['/', '/signals', '/assets/app.js', '/health/ready', '/metrics', '/v1x', '/v1'])
      expect(headersFor(path)).toEqual({});
  });
});
