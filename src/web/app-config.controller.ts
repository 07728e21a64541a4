import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';

class OidcDto {
  @ApiProperty({ type: String, example: 'https://login.example-hospital.org/realms/staff' })
  issuer!: string;
  @ApiProperty({ type: String })
  clientId!: string;
  @ApiProperty({ type: String, example: 'openid' })
  scope!: string;
}

export class SupportContactDto {
  @ApiProperty({ type: String, example: 'Peer support line' })
  name!: string;
  @ApiProperty({
    enum: ['peer-support', 'second-victim', 'employee-assistance', 'balint-schwartz', 'crisis', 'other'],
  })
  kind!: string;
  @ApiProperty({ type: String, example: 'Call 4455 from any hospital phone' })
  how!: string;
  @ApiPropertyOptional({ type: String, example: 'tel:+4930123454455' })
  href?: string;
  @ApiPropertyOptional({ type: String, example: 'Mon–Fri 8–20' })
  hours?: string;
  @ApiPropertyOptional({ type: String })
  note?: string;
}

export class AppConfigDto {
  @ApiPropertyOptional({ type: OidcDto, description: 'absent: no identity provider configured' })
  oidc?: OidcDto;
  @ApiProperty({ type: Boolean, description: 'the app accepts a token in its link (demo and tests only)' })
  demoSignIn!: boolean;
  @ApiProperty({ type: [SupportContactDto], description: "the organisation's confidential support" })
  supportContacts!: SupportContactDto[];
  @ApiProperty({
    type: String,
    example: '21:00-07:30',
    description: 'quiet hours for people who have not set their own',
  })
  quietHours!: string;
}

export function appConfigOf(c: AppConfig): AppConfigDto {
  return {
    ...(c.OIDC_ISSUER && c.OIDC_CLIENT_ID
      ? { oidc: { issuer: c.OIDC_ISSUER, clientId: c.OIDC_CLIENT_ID, scope: c.OIDC_SCOPE } }
      : {}),
    demoSignIn: c.WEB_DEMO_SIGN_IN,
    supportContacts: c.SUPPORT_CONTACTS ?? [],
    quietHours: `${c.NUDGE_QUIET_HOURS.start}-${c.NUDGE_QUIET_HOURS.end}`,
  };
}

/** What the app needs before anyone signs in. Public: it holds no personal data and no secret. */
@ApiTags('app')
@Controller('v1/app-config')
export class AppConfigController {
  private readonly dto: AppConfigDto;

  constructor(@Inject(APP_CONFIG) c: AppConfig) {
    this.dto = appConfigOf(c);
  }

  @Get()
  @ApiOperation({ summary: "The app's sign-in settings and the organisation's support contacts" })
  @ApiOkResponse({ type: AppConfigDto })
  get(): AppConfigDto {
    return this.dto;
  }
}
