import { Logger, Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { ConsentModule } from '../consent/consent.module';
import { WarningsModule } from '../warnings/warnings.module';
import { NUDGE_CLOCK, NudgeDelivery } from './inbox/inbox.delivery';
import { LiveStreams } from './inbox/inbox.live';
import { NudgeMetrics } from './inbox/inbox.metrics';
import { InboxModule } from './inbox/inbox.module';
import { InboxReleaseJob } from './inbox/inbox.release';
import { NudgesController } from './nudges.controller';
import { NudgesService } from './nudges.service';
import { PushController } from './push/push.controller';
import { PushSender } from './push/push.sender';
import { resolveVapid } from './push/push.vapid';

@Module({
  imports: [AuthModule, ConsentModule, InboxModule, WarningsModule],
  controllers: [NudgesController, PushController],
  providers: [
    NudgesService,
    NudgeDelivery,
    LiveStreams,
    NudgeMetrics,
    InboxReleaseJob,
    { provide: NUDGE_CLOCK, useValue: () => new Date() },
    {
      provide: PushSender,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => new PushSender(resolveVapid(c, (m) => new Logger('WebPush').warn(m))),
    },
  ],
  exports: [NudgesService, InboxModule],
})
export class NudgesModule {}
