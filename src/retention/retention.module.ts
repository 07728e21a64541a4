import { Module } from '@nestjs/common';
import { RetentionJob } from './retention.job';

/** Deletes points past their retention (the adapter is PointEraser in src/influx). */
@Module({ providers: [RetentionJob], exports: [RetentionJob] })
export class RetentionModule {}
