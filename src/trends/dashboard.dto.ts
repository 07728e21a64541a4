import { ApiProperty } from '@nestjs/swagger';
import { TrendMetricsDto } from './trends.dto';
import { METRICS, type MetricName } from './trends.types';

// OpenAPI shapes of GET /v1/trends/dashboard (src/trends/dashboard.ts builds the values).

export class DashboardSlotDto {
  @ApiProperty({ type: String, format: 'date', example: '2026-11-16' })
  start!: string;
  @ApiProperty({ type: String, format: 'date', example: '2026-11-22' })
  end!: string;
  @ApiProperty({
    type: Boolean,
    description: 'false: nothing was published for this period (a gap, not a zero)',
  })
  published!: boolean;
  @ApiProperty({ type: Number, nullable: true, description: 'distinct contributors (≥ k) or null' })
  contributors!: number | null;
  @ApiProperty({ type: TrendMetricsDto })
  metrics!: TrendMetricsDto;
  @ApiProperty({ enum: METRICS, isArray: true, description: 'figures withheld for privacy (null above)' })
  withheld!: MetricName[];
  @ApiProperty({ type: Number, description: 'Laplace epsilon spent on the record; 0 = no noise' })
  epsilon!: number;
}

export class MetricScaleDto {
  @ApiProperty({ type: Number }) hrvDeviationMedian!: number;
  @ApiProperty({ type: Number }) shareOutsideNormal!: number;
  @ApiProperty({ type: Number }) sleepHoursMedian!: number;
  @ApiProperty({ type: Number }) rhrDeviationMedian!: number;
}

export class NoiseDto {
  @ApiProperty({ type: Number, example: 1 })
  epsilon!: number;
  @ApiProperty({ type: MetricScaleDto, description: 'typical noise size (Laplace scale b) per metric' })
  scale!: MetricScaleDto;
}

export class SourceDto {
  @ApiProperty({ type: String }) citation!: string;
  @ApiProperty({ type: String }) url!: string;
}

export class TeamActionDto {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) title!: string;
  @ApiProperty({ type: String }) text!: string;
  @ApiProperty({ type: String }) evidence!: string;
  @ApiProperty({ type: [SourceDto] }) sources!: SourceDto[];
}

export class TeamDto {
  @ApiProperty({ type: Number, description: 'recent weeks at or above the threshold' }) highWeeks!: number;
  @ApiProperty({ type: Number }) ofWeeks!: number;
  @ApiProperty({ type: Boolean }) triggered!: boolean;
  @ApiProperty({ type: [TeamActionDto], description: 'organisation-level actions; empty unless triggered' })
  actions!: TeamActionDto[];
}

export class CohortDashboardDto {
  @ApiProperty({ type: String, example: 'unit:icu-3' }) cohortId!: string;
  @ApiProperty({ type: [DashboardSlotDto], description: 'the last 12 weeks, oldest first, gaps included' })
  weekly!: DashboardSlotDto[];
  @ApiProperty({ type: [DashboardSlotDto], description: 'the last 28 nights, oldest first, gaps included' })
  daily!: DashboardSlotDto[];
  @ApiProperty({ type: NoiseDto, nullable: true }) noise!: NoiseDto | null;
  @ApiProperty({ type: TeamDto }) team!: TeamDto;
}

export class TeamRuleDto {
  @ApiProperty({ enum: METRICS }) metric!: MetricName;
  @ApiProperty({ type: Number, example: 0.3 }) threshold!: number;
  @ApiProperty({ type: Number, example: 3 }) highWeeks!: number;
  @ApiProperty({ type: Number, example: 4 }) ofWeeks!: number;
  @ApiProperty({ type: String }) text!: string;
}

export class DashboardDto {
  @ApiProperty({ type: Number, example: 10, description: 'minimum distinct contributors behind any figure' })
  k!: number;
  @ApiProperty({ type: TeamRuleDto }) rule!: TeamRuleDto;
  @ApiProperty({ type: [CohortDashboardDto], description: 'the cohorts in the token’s claim' })
  cohorts!: CohortDashboardDto[];
}
