import { ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { Test } from '@nestjs/testing';
import { cachedPing, consentViewIndicator, type Ping, pingIndicator } from './health.indicators';

/** A ping that answers `up` (or rejects when `up` is an Error), counting how often it was asked. */
function fakePing(up: boolean | Error = true): Ping & { calls: number; up: boolean | Error } {
  const ping = Object.assign(
    async () => {
      ping.calls++;
      if (ping.up instanceof Error) throw ping.up;
      return ping.up;
    },
    { calls: 0, up },
  );
  return ping;
}

describe('readiness indicators', () => {
  const health = new HealthIndicatorService();

  it('report a server up or down under its key', async () => {
    expect(await pingIndicator(health, 'kafka', fakePing(true))()).toEqual({ kafka: { status: 'up' } });
    expect(await pingIndicator(health, 'influxdb', fakePing(false))()).toEqual({
      influxdb: { status: 'down', message: 'no answer' },
    });
  });

  it('report the consent view as it is at the time of asking', async () => {
    let ready = false;
    const check = consentViewIndicator(health, () => ready);
    expect(await check()).toEqual({ consentView: { status: 'down', state: 'catching-up' } });
    ready = true;
    expect(await check()).toEqual({ consentView: { status: 'up', state: 'caught-up' } });
  });

  it('ask a server at most once per 2 s, whatever the probes do', async () => {
    let now = 0;
    const ping = fakePing(true);
    const cached = cachedPing(ping, 2_000, () => now);
    expect(await cached()).toBe(true);
    now = 2_000;
    ping.up = false;
    expect(await cached()).toBe(true); // still the answer from t = 0
    expect(ping.calls).toBe(1);
    now = 2_001;
    expect(await cached()).toBe(false);
    expect(ping.calls).toBe(2);
  });

  it('share one ping among callers that ask while it is under way', async () => {
    let answer: (up: boolean) => void = () => undefined;
    let calls = 0;
    const cached = cachedPing(() => {
      calls++;
      return new Promise<boolean>((resolve) => {
        answer = resolve;
      });
    });
    const both = Promise.all([cached(), cached()]);
    answer(true);
    expect(await both).toEqual([true, true]);
    expect(calls).toBe(1);
  });

  it('count a ping that throws as down, and ask again once that answer is old', async () => {
    let now = 0;
    const ping = fakePing(new Error('ECONNREFUSED'));
    const cached = cachedPing(ping, 2_000, () => now);
    expect(await pingIndicator(health, 'kafka', cached)()).toEqual({
      kafka: { status: 'down', message: 'no answer' },
    });
    ping.up = true;
    now = 5_000;
    expect(await pingIndicator(health, 'kafka', cached)()).toEqual({ kafka: { status: 'up' } });
  });

  describe('through terminus', () => {
    let service: HealthCheckService;
    beforeAll(async () => {
      const mod = await Test.createTestingModule({
        imports: [TerminusModule.forRoot({ logger: false })],
      }).compile();
      service = mod.get(HealthCheckService);
    });

    it('are ready when every part is up', async () => {
      const result = await service.check([
        pingIndicator(health, 'kafka', fakePing(true)),
        pingIndicator(health, 'influxdb', fakePing(true)),
        consentViewIndicator(health, () => true),
      ]);
      expect(result).toMatchObject({ status: 'ok', error: {} });
      expect(Object.keys(result.details).sort()).toEqual(['consentView', 'influxdb', 'kafka']);
    });

    it('are unavailable (503) naming exactly the parts that are down', async () => {
      const failed = await service
        .check([
          pingIndicator(health, 'kafka', fakePing(true)),
          pingIndicator(health, 'influxdb', fakePing(false)),
          consentViewIndicator(health, () => false),
        ])
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(failed).toBeInstanceOf(ServiceUnavailableException);
      const body = (failed as ServiceUnavailableException).getResponse() as Record<string, object>;
      expect(body.status).toBe('error');
      expect(Object.keys(body.error!).sort()).toEqual(['consentView', 'influxdb']);
      expect(body.info).toEqual({ kafka: { status: 'up' } });
    });
  });
});
