import type { OpenAPIObject } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { methodNotAllowed } from './method-not-allowed';

const doc = {
  paths: {
    '/v1/me/consent': { get: {}, put: {}, delete: {} },
    '/v1/me/nudges/{id}/feedback': { post: {} },
  },
} as unknown as OpenAPIObject;

function call(method: string, path: string) {
  const out: { next: boolean; status?: number; allow?: string } = { next: false };
  const res = {
    setHeader: (k: string, v: string) => {
      if (k === 'Allow') out.allow = v;
    },
    status: (s: number) => {
      out.status = s;
      return { json: () => undefined };
    },
  } as unknown as Response;
  methodNotAllowed(doc)({ method, path } as Request, res, () => {
    out.next = true;
  });
  return out;
}

describe('methodNotAllowed', () => {
  it('answers 405 with Allow for a method the document does not declare on a path it does', () => {
    expect(call('TRACE', '/v1/me/consent')).toEqual({
      next: false,
      status: 405,
      allow: 'GET, PUT, DELETE, HEAD',
    });
    expect(call('GET', '/v1/me/nudges/0b6c5c1e/feedback')).toMatchObject({ status: 405, allow: 'POST' });
  });

  it('leaves declared methods, HEAD of a GET, and unknown paths to the routes (404 there)', () => {
    for (const [m, p] of [
      ['PUT', '/v1/me/consent'],
      ['HEAD', '/v1/me/consent'],
      ['POST', '/v1/me/nudges/x/feedback'],
      ['TRACE', '/v1/me/consent/other'],
      ['GET', '/v1/me/nudges/a/b/feedback'],
    ])
      expect(call(m!, p!)).toEqual({ next: true });
  });
});
