import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { cohortDashboard, type Dashboard } from './dashboard';
import { DashboardDto } from './dashboard.dto';
import { TEAM_RULE } from './team-actions';
import { TrendsService } from './trends.service';
import { TREND_SETTINGS, type TrendSettings } from './trends.settings';

/**
 * The wellness dashboard's one read (issue #17): every cohort in the caller's claim, laid out over
 * the expected periods with gaps, plus the team-level rule and its actions. Built only from what
 * was published on trends.v1, like the other trend routes, so it holds nothing per person.
 */
@ApiTags('trends')
@Roles('wellness')
@Controller('v1/trends/dashboard')
export class DashboardController {
  constructor(
    @Inject(TrendsService) private readonly trends: TrendsService,
    @Inject(TREND_SETTINGS) private readonly settings: TrendSettings,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The wellness dashboard of the cohorts in the token’s claim',
    description:
      'Weekly (12) and daily (28) periods ending with the last complete one; a period without a published record is a gap (`published: false`), never zeros. `team.actions` lists organisation-level actions when the rule in `rule` holds.',
  })
  @ApiOkResponse({ type: DashboardDto })
  read(@CurrentPrincipal() me: Principal): Dashboard {
    const k = this.settings.privacy.k;
    const now = new Date();
    return {
      k,
      rule: TEAM_RULE,
      cohorts: me.cohorts.map((c) => cohortDashboard(c, this.trends.publishedFor(c), k, now)),
    };
  }
}
