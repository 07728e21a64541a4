import type { AddressInfo } from 'node:net';
import {
  BadRequestException,
  Controller,
  Get,
  type INestApplication,
  Logger,
  NotFoundException,
  Post,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { errorBody, HttpExceptionFilter } from './http-exception.filter';

@Controller('probe')
class ProbeController {
  @Get('boom')
  boom(): never {
    throw new Error('secret internal detail');
  }

  @Get('bad')
  bad(): never {
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: 'invalid body',
      issues: [{ path: 'x', message: 'y' }],
    });
  }

  @Post('echo')
  echo(): { ok: true } {
    return { ok: true };
  }
}

describe('HttpExceptionFilter', () => {
  let app: INestApplication;
  let base: string;
  const errors: unknown[] = [];

  beforeAll(async () => {
    const mod = await Test.createTestingModule({ controllers: [ProbeController] }).compile();
    app = mod.createNestApplication({ logger: false });
    app.useGlobalFilters(new HttpExceptionFilter());
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    jest.spyOn(Logger.prototype, 'error').mockImplementation((m: unknown) => void errors.push(m));
  });
  afterAll(() => app.close());
  beforeEach(() => errors.splice(0));

  it('answers an unexpected error with a generic 500 and logs only its name and message', async () => {
    const res = await fetch(`${base}/probe/boom`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'internal error',
    });
    expect(errors).toEqual(['Error: secret internal detail']);
  });

  it('keeps the details of an HttpException', async () => {
    const res = await fetch(`${base}/probe/bad`);
    expect(await res.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'invalid body',
      issues: [{ path: 'x', message: 'y' }],
    });
    expect((await fetch(`${base}/nowhere`)).status).toBe(404);
  });

  it.each([
    [
      'an oversized body',
      { 'content-type': 'application/json' },
      JSON.stringify({ pad: 'x'.repeat(200_000) }),
      413,
    ],
    ['an unknown charset', { 'content-type': 'application/json; charset=ebcdic' }, '{}', 415],
    ['an unknown encoding', { 'content-type': 'application/json', 'content-encoding': 'x-zip' }, '{}', 415],
    ['broken gzip', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, 'nope', 400],
    ['invalid JSON', { 'content-type': 'application/json' }, '{"a":', 400],
  ])('answers %s with a 4xx and logs no error', async (_, headers, body, status) => {
    const res = await fetch(`${base}/probe/echo`, { method: 'POST', headers, body });
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({
      statusCode: status,
      error: expect.any(String),
      message: expect.any(String),
    });
    expect(errors).toEqual([]);
  });

  it('builds bodies for plain values too', () => {
    expect(errorBody(new NotFoundException())).toMatchObject({ statusCode: 404, error: 'Not Found' });
    expect(errorBody('a string')).toMatchObject({ statusCode: 500 });
    expect(errorBody({ status: 503 })).toMatchObject({ statusCode: 500 });
  });
});
