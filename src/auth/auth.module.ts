import { Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { JwtAuthGuard } from './auth.guard';
import { TokenVerifier } from './token-verifier';

/** Import into every feature module whose controllers use @Roles(). */
@Module({
  providers: [
    { provide: TokenVerifier, inject: [APP_CONFIG], useFactory: (c: AppConfig) => new TokenVerifier(c) },
    JwtAuthGuard,
  ],
  exports: [TokenVerifier, JwtAuthGuard],
})
export class AuthModule {}
