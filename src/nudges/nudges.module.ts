import { Logger, Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { ConsentModule } from '../consent/consent.module';
import type { KafkaClient } from '../kafka/kafka.client';
import { InboxLog } from '../kafka/kafka.inbox-log';
import { KAFKA } from '../kafka/kafka.module';
import { RecordProducer } from '../kafka/kafka.record-producer';
import { WarningsModule } from '../warnings/warnings.module';
import { NUDGE_CLOCK, NudgeDelivery } from './inbox/inbox.delivery';
import { LiveStreams } from './inbox/inbox.live';
import { NudgeMetrics } from './inbox/inbox.metrics';
import { InboxReleaseJob } from './inbox/inbox.release';
import { InboxStore } from './inbox/inbox.store';
import { SubjectSeal } from './inbox/inbox.subject-seal';
import { NudgesController } from './nudges.controller';
import { NudgesService } from './nudges.service';
import { PushController } from './push/push.controller';
import { PushSender } from './push/push.sender';
import { resolveVapid } from './push/push.vapid';

@Module({
  imports: [AuthModule, ConsentModule, WarningsModule],
  controllers: [NudgesController, PushController],
  providers: [
    NudgesService,
    NudgeDelivery,
    InboxStore,
    LiveStreams,
    NudgeMetrics,
    InboxReleaseJob,
    { provide: NUDGE_CLOCK, useValue: () => new Date() },
    {
      provide: InboxLog,
      inject: [KAFKA, RecordProducer, APP_CONFIG],
      useFactory: (kafka: KafkaClient, producer: RecordProducer, c: AppConfig) =>
        new InboxLog(kafka, producer, c.TOPIC_INBOX, c.KAFKA_GROUP_ID),
    },
    {
      provide: SubjectSeal,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => new SubjectSeal(c.PSEUDONYM_KEYS),
    },
    {
      provide: PushSender,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => new PushSender(resolveVapid(c, (m) => new Logger('WebPush').warn(m))),
    },
  ],
  exports: [NudgesService, InboxStore],
})
export class NudgesModule {}
