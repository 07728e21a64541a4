import { BadRequestException, type PipeTransform } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { z } from 'zod';
import { type Issue, issuePath } from '../consent/consent.dto';
import { METRICS, type MetricName } from './trends.types';

const date = z.iso.date('expected a YYYY-MM-DD date');
const shape = {
  cohort: z
    .string('required')
    .regex(/^[a-z0-9:_-]{1,64}$/, 'a cohort id: lower-case letters, digits and : _ - only, at most 64'),
  from: date.optional(),
  to: date.optional(),
  period: z.enum(['daily', 'weekly'], 'expected daily or weekly').optional(),
};
const ordered = (q: { from?: string; to?: string }) => !q.from || !q.to || q.from <= q.to;
const order = { path: ['to'], message: 'before from' };

/** `GET /v1/trends`. Strict: a misspelt parameter is an error, not silently ignored. */
export const trendsQuerySchema = z.strictObject(shape).refine(ordered, order);
export type TrendsQuery = z.output<typeof trendsQuerySchema>;

/** `GET /v1/trends/export`. */
export const exportQuerySchema = z
  .strictObject({ ...shape, format: z.enum(['csv', 'json'], 'expected csv or json').default('csv') })
  .refine(ordered, order);
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
  @ApiProperty({ format: 'date', example: '2026-11-16', description: 'first night (wake-up date)' })
  start!: string;
  @ApiProperty({ format: 'date', example: '2026-11-22', description: 'last night, included' })
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
  @ApiProperty({ example: 10, description: 'minimum distinct contributors behind any figure' })
  k!: number;
  @ApiProperty({ example: 0, description: 'Laplace epsilon spent on this record; 0 = no noise' })
  epsilon!: number;
  @ApiProperty({ enum: METRICS, isArray: true, description: 'figures withheld (null above)' })
  suppressed!: MetricName[];
}

export class TrendRecordDto {
  @ApiProperty({ example: 'unit:icu-3' })
  cohortId!: string;
  @ApiProperty({ type: TrendPeriodDto })
  period!: TrendPeriodDto;
  @ApiProperty({ example: 14, description: 'distinct consenting contributors (≥ k)' })
  contributors!: number;
  @ApiProperty({ type: TrendMetricsDto })
  metrics!: TrendMetricsDto;
  @ApiProperty({ type: TrendPrivacyDto })
  privacy!: TrendPrivacyDto;
}

export class TrendsPageDto {
  @ApiProperty({ example: 'unit:icu-3' })
  cohortId!: string;
  @ApiProperty({ type: [TrendRecordDto], description: 'published records, oldest period first' })
  records!: TrendRecordDto[];
}
