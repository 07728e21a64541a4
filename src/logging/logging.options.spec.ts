import { Controller, Get, type INestApplication, Module, Logger as NestLogger, Query } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger, LoggerModule } from 'nestjs-pino';
import { pino } from 'pino';
import { loggerParams, pinoOptions } from './logging.options';

/** A pino destination that keeps each written line. */
function capture() {
  const lines: string[] = [];
  return { lines, write: (s: string) => void lines.push(...s.split('\n').filter(Boolean)) };
}
const parsed = (lines: string[]) => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

describe('log lines', () => {
  it('are one JSON object each, with level, time and msg, and no process id', () => {
    const out = capture();
    pino(pinoOptions('log'), out).info({ context: 'Probe' }, 'hello');
    expect(out.lines).toHaveLength(1);
    const line = JSON.parse(out.lines[0]!);
    expect(line).toEqual({ level: 'info', time: expect.any(String), context: 'Probe', msg: 'hello' });
    expect(new Date(line.time).toISOString()).toBe(line.time);
  });

  it('follow LOG_LEVEL in Nest’s names', () => {
    const at = (level: Parameters<typeof pinoOptions>[0]) => pino(pinoOptions(level), capture());
    expect(at('log').isLevelEnabled('info')).toBe(true);
    expect(at('log').isLevelEnabled('debug')).toBe(false);
    expect(at('warn').isLevelEnabled('info')).toBe(false);
    expect(at('verbose').isLevelEnabled('trace')).toBe(true);
  });

  it('redact identities and credentials in any object handed to the logger', () => {
    const out = capture();
    pino(pinoOptions('log'), out).warn(
      {
        subjectId: 'nurse-1',
        deviceId: 'ring-1',
        token: 'eyJ.secret',
        req: { headers: { authorization: 'Bearer eyJ.secret' }, query: { subjectId: 'nurse-1' } },
        nested: { subjectId: 'nurse-1', sub: 'nurse-1', url: '/x?subjectId=nurse-1' },
      },
      'careful',
    );
    expect(out.lines[0]).not.toMatch(/nurse-1|ring-1|eyJ/);
    expect(JSON.parse(out.lines[0]!)).toMatchObject({ subjectId: '[redacted]', token: '[redacted]' });
  });
});

@Controller()
class ProbeController {
  private readonly log = new NestLogger('ProbeController');

  @Get('v1/me/things/:id')
  thing(@Query('q') _q: string) {
    this.log.log('handled a thing');
    return { ok: true };
  }

  @Get('health/live')
  live() {
    return { status: 'ok' };
  }
}

describe('request logs', () => {
  const out = capture();
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    @Module({
      imports: [LoggerModule.forRoot(loggerParams({ LOG_LEVEL: 'log' }, out))],
      controllers: [ProbeController],
    })
    class ProbeModule {}
    app = await NestFactory.create(ProbeModule, { bufferLogs: true });
    app.useLogger(app.get(Logger));
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${app.getHttpServer().address().port}`;
  });
  afterAll(() => app.close());

  it('name the route pattern and status, never the token, the path’s id or the query', async () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJudXJzZS0xIn0.c2lnbmF0dXJl';
    const headers = { authorization: `Bearer ${token}`, cookie: `session=${token}` };
    expect(
      (await fetch(`${base}/v1/me/things/nurse-1?q=nurse-2&subjectId=nurse-3`, { headers })).status,
    ).toBe(200);
    expect((await fetch(`${base}/v1/me/nurse-4?subjectId=nurse-5`, { headers })).status).toBe(404);
    expect((await fetch(`${base}/health/live`, { headers })).status).toBe(200);
    await new Promise((r) => setImmediate(r)); // the response log is written on 'finish'

    const lines = parsed(out.lines);
    const requests = lines.filter((l) => l.context === 'http');
    expect(requests.map((l) => l.msg)).toEqual(['GET /v1/me/things/:id 200', 'GET (no route) 404']);
    expect(requests[1]).toMatchObject({ level: 'warn', statusCode: 404, route: '(no route)' });
    // a log inside the request keeps its own context and the request id, nothing of the request
    const inside = lines.find((l) => l.msg === 'handled a thing');
    expect(inside).toEqual({
      level: 'info',
      time: expect.any(String),
      reqId: requests[0]!.reqId,
      context: 'ProbeController',
      msg: 'handled a thing',
    });
    const all = out.lines.join('\n');
    expect(all).not.toMatch(/nurse-|eyJ|Bearer|session=/);
  });
});
