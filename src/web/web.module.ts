import { Module } from '@nestjs/common';
import { AppConfigController } from './app-config.controller';

/** The API the personal app needs beyond the features' own routes. */
@Module({ controllers: [AppConfigController] })
export class WebModule {}
