import { Controller, ForbiddenException, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiZodQuery } from '../common/api-schema';
import { seriesToCsv, seriesToJson, toSeries } from './export';
import {
  type ExportQuery,
  exportQuerySchema,
  TrendsPageDto,
  type TrendsQuery,
  trendsQuerySchema,
  ZodQueryPipe,
} from './trends.dto';
import { TrendsService } from './trends.service';
import type { TrendRecord } from './trends.types';

const badQuery = 'invalid query; `issues` names each parameter, e.g. `from`';

/**
 * Aggregate trend feeds for wellness teams: only what was published on trends.v1, only for the
 * cohorts in the caller's token. No route takes or returns anything about a person.
 */
@ApiTags('trends')
@Roles('wellness')
@Controller('v1/trends')
export class TrendsController {
  constructor(@Inject(TrendsService) private readonly trends: TrendsService) {}

  @Get()
  @ApiOperation({
    summary: 'Published trend records of one cohort',
    description:
      'Periods are ranges of nights named by wake-up date (both ends included). Figures withheld for privacy are null and listed in `privacy.suppressed`; periods with nothing publishable have no record.',
  })
  @ApiZodQuery(trendsQuerySchema)
  @ApiOkResponse({ type: TrendsPageDto })
  @ApiBadRequestResponse({ description: badQuery })
  list(
    @CurrentPrincipal() me: Principal,
    @Query(new ZodQueryPipe(trendsQuerySchema)) q: TrendsQuery,
  ): { cohortId: string; records: TrendRecord[] } {
    return { cohortId: q.cohort, records: this.read(me, q) };
  }

  @Get('export')
  @ApiOperation({
    summary: 'One cohort’s published series, ready to plot',
    description: 'CSV (RFC 4180, header row, one row per period; withheld figures empty) or JSON.',
  })
  @ApiZodQuery(exportQuerySchema)
  @ApiProduces('text/csv', 'application/json')
  @ApiOkResponse({ description: 'the series as a file' })
  @ApiBadRequestResponse({ description: badQuery })
  export(
    @CurrentPrincipal() me: Principal,
    @Query(new ZodQueryPipe(exportQuerySchema)) q: ExportQuery,
    @Res({ passthrough: true }) res: Response,
  ): string {
    const series = toSeries(this.read(me, q), q.cohort);
    const file = `trends-${q.cohort.replaceAll(':', '_')}.${q.format}`;
    res.setHeader('Content-Disposition', `attachment; filename="${file}"`);
    res.type(q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
    return q.format === 'csv' ? seriesToCsv(series) : seriesToJson(series);
  }

  private read(me: Principal, q: TrendsQuery): TrendRecord[] {
    if (!me.cohorts.includes(q.cohort)) {
      throw new ForbiddenException({
        statusCode: 403,
        error: 'Forbidden',
        message: 'this token does not grant that cohort',
      });
    }
    return this.trends.publishedFor(q.cohort, { from: q.from, to: q.to, kind: q.period });
  }
}
