import { Controller, Get, Header, HttpCode, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ConsentService } from '../consent/consent.service';
import { MetricsService } from '../metrics/metrics.service';

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    @Inject(ConsentService) private readonly consent: ConsentService,
    @Inject(MetricsService) private readonly metrics: MetricsService,
  ) {}

  @Get('health/live')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready only once the consent view has caught up: before that, every reading would be dropped. */
  @Get('health/ready')
  ready(): { status: 'ok'; consentView: 'caught-up' } {
    if (!this.consent.isReady) throw new ServiceUnavailableException('consent view is still catching up');
    return { status: 'ok', consentView: 'caught-up' };
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async prometheus(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
