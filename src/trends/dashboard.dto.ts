import { ApiProperty } from '@nestjs/swagger';
import { TrendMetricsDto } from './trends.dto';
import { METRICS, type MetricName } from './trends.types';

// OpenAPI shapes of GET /v1/trends/dashboard (src/trends/dashboard.ts builds the values).

export class DashboardSlotDto {
  @ApiProperty({ format: 'date', example: '2026-11-16' })
  start!: string;
  @ApiProperty({ format: 'date', example: '2026-11-22' })
  end!: string;
  @ApiProperty({ description: 'false: nothing was published for this period (a gap, not a zero)' })
  published!: boolean;
  @ApiProperty({ type: Number, nullable: true, description: 'distinct contributors (≥ k) or null' })
  contributors!: number | null;
  @ApiProperty({ type: TrendMetricsDto })
  metrics!: TrendMetricsDto;
  @ApiProperty({ enum: METRICS, isArray: true, description: 'figures withheld for privacy (null above)' })
  withheld!: MetricName[];
  @ApiProperty({ description: 'Laplace epsilon spent on the record; 0 = no noise' })
  epsilon!: number;
}

export class MetricScaleDto {
  @ApiProperty() hrvDeviationMedian!: number;
  @ApiProperty() shareOutsideNormal!: number;
  @ApiProperty() sleepHoursMedian!: number;
  @ApiProperty() rhrDeviationMedian!: number;
}

export class NoiseDto {
  @ApiProperty({ example: 1 })
  epsilon!: number;
  @ApiProperty({ type: MetricScaleDto, description: 'typical noise size (Laplace scale b) per metric' })
  scale!: MetricScaleDto;
}

export class SourceDto {
  @ApiProperty() citation!: string;
  @ApiProperty() url!: string;
}

export class TeamActionDto {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() text!: string;
  @ApiProperty() evidence!: string;
  @ApiProperty({ type: [SourceDto] }) sources!: SourceDto[];
}

export class TeamDto {
  @ApiProperty({ description: 'recent weeks at or above the threshold' }) highWeeks!: number;
  @ApiProperty() ofWeeks!: number;
  @ApiProperty() triggered!: boolean;
  @ApiProperty({ type: [TeamActionDto], description: 'organisation-level actions; empty unless triggered' })
  actions!: TeamActionDto[];
}

export class CohortDashboardDto {
  @ApiProperty({ example: 'unit:icu-3' }) cohortId!: string;
  @ApiProperty({ type: [DashboardSlotDto], description: 'the last 12 weeks, oldest first, gaps included' })
  weekly!: DashboardSlotDto[];
  @ApiProperty({ type: [DashboardSlotDto], description: 'the last 28 nights, oldest first, gaps included' })
  daily!: DashboardSlotDto[];
  @ApiProperty({ type: NoiseDto, nullable: true }) noise!: NoiseDto | null;
  @ApiProperty({ type: TeamDto }) team!: TeamDto;
}

export class TeamRuleDto {
  @ApiProperty({ enum: METRICS }) metric!: MetricName;
  @ApiProperty({ example: 0.3 }) threshold!: number;
  @ApiProperty({ example: 3 }) highWeeks!: number;
  @ApiProperty({ example: 4 }) ofWeeks!: number;
  @ApiProperty() text!: string;
}

export class DashboardDto {
  @ApiProperty({ example: 10, description: 'minimum distinct contributors behind any figure' }) k!: number;
  @ApiProperty({ type: TeamRuleDto }) rule!: TeamRuleDto;
  @ApiProperty({ type: [CohortDashboardDto], description: 'the cohorts in the token’s claim' })
  cohorts!: CohortDashboardDto[];
}
