import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ConsentAudit } from './consent.audit';
import { ConsentController } from './consent.controller';
import { ConsentService } from './consent.service';

@Module({
  imports: [AuthModule],
  controllers: [ConsentController],
  providers: [ConsentService, ConsentAudit],
  exports: [ConsentService, ConsentAudit],
})
export class ConsentModule {}
