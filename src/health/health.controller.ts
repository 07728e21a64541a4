import { Controller, Get, Header, HttpCode, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ConsentService } from '../consent/consent.service';
import { InfluxHealth } from '../influx/influx.health';
import { KafkaHealth } from '../kafka/kafka.health';
import { MetricsService } from '../metrics/metrics.service';

interface ReadyStatus {
  status: 'ok' | 'unavailable';
  kafka: 'up' | 'down';
  influxdb: 'up' | 'down';
  consentView: 'caught-up' | 'catching-up';
}

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    @Inject(ConsentService) private readonly consent: ConsentService,
    @Inject(MetricsService) private readonly metrics: MetricsService,
    @Inject(KafkaHealth) private readonly kafka: KafkaHealth,
    @Inject(InfluxHealth) private readonly influx: InfluxHealth,
  ) {}

  private last?: { at: number; kafka: boolean; influx: boolean };

  @Get('health/live')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Ready only when Kafka and InfluxDB answer and the consent view has caught up: before that,
   * every reading would be dropped. Checks run at most every 2 s, however often the probe asks.
   */
  @Get('health/ready')
  async ready(): Promise<ReadyStatus> {
    if (!this.last || Date.now() - this.last.at > 2_000) {
      const [kafka, influx] = await Promise.all([this.kafka.ping(), this.influx.ping()]);
      this.last = { at: Date.now(), kafka, influx };
    }
    const status: ReadyStatus = {
      status: 'ok',
      kafka: this.last.kafka ? 'up' : 'down',
      influxdb: this.last.influx ? 'up' : 'down',
      consentView: this.consent.isReady ? 'caught-up' : 'catching-up',
    };
    if (!this.last.kafka || !this.last.influx || !this.consent.isReady) {
      throw new ServiceUnavailableException({ ...status, status: 'unavailable' });
    }
    return status;
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async prometheus(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
