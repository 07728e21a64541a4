import { Module } from '@nestjs/common';
import { ConsentModule } from '../consent/consent.module';
import { HealthController } from './health.controller';

@Module({ imports: [ConsentModule], controllers: [HealthController] })
export class HealthModule {}
