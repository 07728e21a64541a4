import { Controller, Get, Header, HttpCode, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, type HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { MetricsService } from '../metrics/metrics.service';
import { ReadinessIndicators } from './health.indicators';

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(ReadinessIndicators) private readonly indicators: ReadinessIndicators,
    @Inject(MetricsService) private readonly metrics: MetricsService,
  ) {}

  /** 200 while the process runs: a restart would not fix a server that is down. */
  @Get('health/live')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * 200 when Kafka and InfluxDB answer and the consent view has caught up; otherwise (and once
   * shutdown has begun) 503 with `error` naming the parts that are down. Terminus body:
   * `{ status, info, error, details: { kafka, influxdb, consentView } }`.
   */
  @Get('health/ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check(this.indicators.all);
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async prometheus(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
