import { BadRequestException, type PipeTransform } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { z } from 'zod';
import { type Issue, issuePath } from '../consent/consent.dto';
import { METRICS, type MetricName } from './trends.types';

const date = z.iso.date('expected a YYYY-MM-DD date');
const shape = {
  cohort: z
    .string('required')
    .regex(/^[a-z0-9:_-]{1,64}$/, 'a cohort id: lower-case letters, digits and : _ - only, at most 64')
    .describe('cohort id; must be one of the cohorts in the token’s `cohorts` claim'),
  from: date.optional().describe('periods starting on or after (YYYY-MM-DD)'),
  to: date.optional().describe('periods ending on or before (YYYY-MM-DD)'),
  period: z.enum(['daily', 'weekly'], 'expected daily or weekly').optional(),
};

/**
 * `GET /v1/trends`. Strict: a misspelt parameter is an error, not silently ignored. `to` before
 * `from` is an empty range (no records), not an error: a rule across two parameters has no place in
 * the OpenAPI document, and the document must say everything the validation checks.
 */
export const trendsQuerySchema = z.strictObject(shape);
export type TrendsQuery = z.output<typeof trendsQuerySchema>;

/** `GET /v1/trends/export`. */
export const exportQuerySchema = z.strictObject({
  ...shape,
  format: z.enum(['csv', 'json'], 'expected csv or json').default('csv').describe('default csv'),
});
export type ExportQuery = z.output<typeof exportQuerySchema>;

/** Validates the query string; a failure is a 400 that names every offending parameter. */
export class ZodQueryPipe<T extends z.ZodType> implements PipeTransform<unknown, z.output<T>> {
  constructor(private readonly schema: T) {}

  transform(value: unknown): z.output<T> {
    const r = this.schema.safeParse(value ?? {});
    if (r.success) return r.data;
    const issues = r.error.issues.flatMap((i): Issue[] =>
      i.code === 'unrecognized_keys'
        ? i.keys.map((k) => ({ path: issuePath([k.slice(0, 64)]), message: 'unknown parameter' }))
        : [{ path: issuePath(i.path), message: i.message }],
    );
    const first = issues.filter((i, n) => issues.findIndex((j) => j.path === i.path) === n);
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: 'invalid query',
      issues: first.slice(0, 20),
    });
  }
}

export class TrendPeriodDto {
  @ApiProperty({
    type: String,
    format: 'date',
    example: '2026-11-16',
    description: 'first night (wake-up date)',
  })
  start!: string;
  @ApiProperty({ type: String, format: 'date', example: '2026-11-22', description: 'last night, included' })
  end!: string;
}

const metricDoc: Record<MetricName, string> = {
  hrvDeviationMedian: 'median of ln RMSSD minus each person’s own baseline (ln units)',
  shareOutsideNormal: 'share of contributors whose HRV is outside their own normal band',
  sleepHoursMedian: 'median of each person’s mean sleep (hours)',
  rhrDeviationMedian: 'median of resting HR minus each person’s own baseline (bpm)',
};

export class TrendMetricsDto {
  @ApiProperty({ type: Number, nullable: true, description: metricDoc.hrvDeviationMedian, example: -0.3 })
  hrvDeviationMedian!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: metricDoc.shareOutsideNormal, example: 0.2 })
  shareOutsideNormal!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: metricDoc.sleepHoursMedian, example: 6.6 })
  sleepHoursMedian!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: metricDoc.rhrDeviationMedian, example: 1.5 })
  rhrDeviationMedian!: number | null;
}

export class TrendPrivacyDto {
  @ApiProperty({ type: Number, example: 10, description: 'minimum distinct contributors behind any figure' })
  k!: number;
  @ApiProperty({
    type: Number,
    example: 0,
    description: 'Laplace epsilon spent on this record; 0 = no noise',
  })
  epsilon!: number;
  @ApiProperty({ enum: METRICS, isArray: true, description: 'figures withheld (null above)' })
  suppressed!: MetricName[];
}

export class TrendRecordDto {
  @ApiProperty({ type: String, example: 'unit:icu-3' })
  cohortId!: string;
  @ApiProperty({ type: TrendPeriodDto })
  period!: TrendPeriodDto;
  @ApiProperty({ type: Number, example: 14, description: 'distinct consenting contributors (≥ k)' })
  contributors!: number;
  @ApiProperty({ type: TrendMetricsDto })
  metrics!: TrendMetricsDto;
  @ApiProperty({ type: TrendPrivacyDto })
  privacy!: TrendPrivacyDto;
}

export class TrendsPageDto {
  @ApiProperty({ type: String, example: 'unit:icu-3' })
  cohortId!: string;
  @ApiProperty({ type: [TrendRecordDto], description: 'published records, oldest period first' })
  records!: TrendRecordDto[];
}
