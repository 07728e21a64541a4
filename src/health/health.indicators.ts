import { Inject, Injectable } from '@nestjs/common';
import { type HealthIndicatorFunction, HealthIndicatorService } from '@nestjs/terminus';
import { ConsentService } from '../consent/consent.service';
import { InfluxHealth } from '../influx/influx.health';
import { KafkaHealth } from '../kafka/kafka.health';

/** Does a server answer? Resolves false on any failure, never rejects. */
export type Ping = () => Promise<boolean>;

/** Probes may ask every second; the servers are asked at most this often. */
export const PING_CACHE_MS = 2_000;

/**
 * `ping`, answered from its last result for `ttlMs` after that result came in. Callers that ask
 * while a ping is under way share it, so a slow server never gets several pings at once.
 */
export function cachedPing(ping: Ping, ttlMs = PING_CACHE_MS, now: () => number = Date.now): Ping {
  let last: { at: number; up: boolean } | undefined;
  let inFlight: Promise<boolean> | undefined;
  return () => {
    if (last && now() - last.at <= ttlMs) return Promise.resolve(last.up);
    inFlight ??= ping()
      .catch(() => false)
      .then((up) => {
        last = { at: now(), up };
        inFlight = undefined;
        return up;
      });
    return inFlight;
  };
}

/** A server as a terminus indicator: `{ [key]: { status: 'up' } }`, or down with a message. */
export function pingIndicator(
  health: HealthIndicatorService,
  key: string,
  ping: Ping,
): HealthIndicatorFunction {
  return async () => {
    const session = health.check(key);
    return (await ping()) ? session.up() : session.down({ message: 'no answer' });
  };
}

/** The consent view: up once it has read consent.v1 to the end it had at start. */
export function consentViewIndicator(
  health: HealthIndicatorService,
  isReady: () => boolean,
): HealthIndicatorFunction {
  return () => {
    const session = health.check('consentView');
    return isReady() ? session.up({ state: 'caught-up' }) : session.down({ state: 'catching-up' });
  };
}

/**
 * What readiness needs: Kafka and InfluxDB answer, and the consent view has caught up (before
 * that, every reading would be dropped for want of consent).
 */
@Injectable()
export class ReadinessIndicators {
  readonly all: HealthIndicatorFunction[];

  constructor(
    @Inject(HealthIndicatorService) health: HealthIndicatorService,
    @Inject(KafkaHealth) kafka: KafkaHealth,
    @Inject(InfluxHealth) influx: InfluxHealth,
    @Inject(ConsentService) consent: ConsentService,
  ) {
    this.all = [
      pingIndicator(
        health,
        'kafka',
        cachedPing(() => kafka.ping()),
      ),
      pingIndicator(
        health,
        'influxdb',
        cachedPing(() => influx.ping()),
      ),
      consentViewIndicator(health, () => consent.isReady),
    ];
  }
}
