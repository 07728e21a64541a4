import { Inject, Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config.schema';
import { NudgeDelivery } from './inbox.delivery';

/**
 * Wall clock (DESIGN §4): each minute, flush the nudges whose quiet hours have ended. Every instance
 * holds every inbox, so only one instance may run this (NUDGE_RELEASE_ENABLED), or both would send.
 */
@Injectable()
export class InboxReleaseJob {
  constructor(
    @Inject(NudgeDelivery) private readonly delivery: NudgeDelivery,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Cron(CronExpression.EVERY_MINUTE, { name: 'nudges-release' })
  async release(): Promise<void> {
    if (this.config.NUDGE_RELEASE_ENABLED) await this.delivery.releaseDue();
  }
}
