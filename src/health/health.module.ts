import { Injectable, Logger, type LoggerService, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ConsentModule } from '../consent/consent.module';
import { HealthController } from './health.controller';
import { ReadinessIndicators } from './health.indicators';

/**
 * Terminus logs a failed check as an error without a context. Not being ready (starting, or a
 * server away) is a state the probe reports, not a fault of this process: a warning, with context.
 */
@Injectable()
export class ReadinessLogger implements LoggerService {
  private readonly out = new Logger('HealthCheck');

  log(message: string): void {
    this.out.log(message);
  }
  error(message: string): void {
    this.out.warn(message);
  }
  warn(message: string): void {
    this.out.warn(message);
  }
}

@Module({
  imports: [ConsentModule, TerminusModule.forRoot({ errorLogStyle: 'json', logger: ReadinessLogger })],
  controllers: [HealthController],
  providers: [ReadinessIndicators],
})
export class HealthModule {}
