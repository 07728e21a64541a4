import { Global, Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { Pseudonymizer } from './pseudonymizer';

@Global()
@Module({
  providers: [
    {
      provide: Pseudonymizer,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => new Pseudonymizer(c.PSEUDONYM_KEYS),
    },
  ],
  exports: [Pseudonymizer],
})
export class PrivacyModule {}
