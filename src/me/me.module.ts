import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ConsentModule } from '../consent/consent.module';
import { NudgesModule } from '../nudges/nudges.module';
import { WarningsModule } from '../warnings/warnings.module';
import { MeController } from './me.controller';
import { MeService } from './me.service';

/** The person's own nights, check-ins and data export. */
@Module({
  imports: [AuthModule, ConsentModule, NudgesModule, WarningsModule],
  controllers: [MeController],
  providers: [MeService],
})
export class MeModule {}
