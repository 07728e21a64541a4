import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';
import { requestModel } from '../common/api-schema';

/** `?days=` of the person's own history: whole nights, at most a year. */
export const daysSchema = (fallback: number) => z.coerce.number().int().min(1).max(366).default(fallback);

/** Body of POST /v1/me/check-ins: two answers on 1–5, nothing else (no free text is ever stored). */
export const checkInSchema = requestModel(
  'CheckInBodyDto',
  z.strictObject({
    stress: z.number().int().min(1).max(5).describe('1 calm … 5 very stressed'),
    sleepQuality: z.number().int().min(1).max(5).describe('1 poor … 5 very good'),
  }),
);
export type CheckIn = z.output<typeof checkInSchema>;

export class NightDto {
  @ApiProperty({ type: String, format: 'date', description: 'the night, by its wake-up date' })
  date!: string;
  @ApiPropertyOptional({ type: Number, description: 'heart-rate variability, ms' })
  hrvMs?: number;
  @ApiPropertyOptional({ type: [Number], minItems: 2, maxItems: 2, description: 'your usual range, ms' })
  hrvBand?: [number, number];
  @ApiPropertyOptional({ type: Number, description: 'resting heart rate, beats per minute' })
  rhrBpm?: number;
  @ApiPropertyOptional({ type: [Number], minItems: 2, maxItems: 2, description: 'your usual range, bpm' })
  rhrBand?: [number, number];
  @ApiPropertyOptional({ type: Number, description: 'sleep, hours' })
  sleepH?: number;
  @ApiPropertyOptional({ type: [Number], minItems: 2, maxItems: 2, description: 'your usual range, hours' })
  sleepBand?: [number, number];
  @ApiProperty({ type: Boolean, description: 'a nudge was made about this night' })
  nudge!: boolean;
}

export class NightsDto {
  @ApiProperty({
    enum: ['rmssd', 'sdnn'],
    nullable: true,
    description: 'which HRV measure your device gives',
  })
  hrvMeasure!: 'rmssd' | 'sdnn' | null;
  @ApiProperty({ type: [NightDto], description: 'oldest first; nights without data are left out' })
  nights!: NightDto[];
}

export class CheckInDto {
  @ApiProperty({ type: Number, minimum: 1, maximum: 5, description: '1 calm … 5 very stressed' })
  stress!: number;
  @ApiProperty({ type: Number, minimum: 1, maximum: 5, description: '1 poor … 5 very good' })
  sleepQuality!: number;
  @ApiProperty({ type: String, format: 'date-time' })
  at!: string;
}

export class SuggestionEntryDto {
  @ApiProperty({ type: String })
  id!: string;
  @ApiProperty({ type: String })
  title!: string;
  @ApiProperty({ type: String })
  text!: string;
  @ApiProperty({ type: Number })
  minutes!: number;
  @ApiProperty({
    type: String,
    enum: [
      'micro-recovery',
      'transition',
      'sleep',
      'self-compassion',
      'peer-support',
      'professional-support',
      'time-back',
      'workload',
    ],
  })
  category!: string;
  @ApiProperty({ type: String, description: 'what research says, modestly' })
  evidence!: string;
}

export class CatalogDto {
  @ApiProperty({ type: String })
  version!: string;
  @ApiProperty({ type: [SuggestionEntryDto] })
  suggestions!: SuggestionEntryDto[];
}

export class ExportDto {
  @ApiProperty({ type: String, format: 'date-time' })
  exportedAt!: string;
  @ApiProperty({ type: String, description: 'your id, as your sign-in names you' })
  subjectId!: string;
  @ApiProperty({ type: [String], description: 'the pseudonyms your data is stored under' })
  pids!: string[];
  @ApiProperty({ type: Object, nullable: true, description: 'your consent record, null if none' })
  consent!: Record<string, unknown> | null;
  @ApiProperty({ type: Object, nullable: true, description: 'your nudges, answers and devices for push' })
  inbox!: Record<string, unknown> | null;
  @ApiProperty({
    type: Object,
    description: 'stored points by measurement (hrv, sleep, daily, checkin), each with its time and fields',
  })
  points!: Record<string, Record<string, unknown>[]>;
  @ApiProperty({ type: [CheckInDto] })
  checkIns!: CheckInDto[];
  @ApiProperty({
    type: Object,
    nullable: true,
    description:
      'what Respite holds to judge your nights besides the nights themselves (level, evidence, nights that led to a note, what your answers changed); null if nothing',
  })
  warning!: Record<string, unknown> | null;
  @ApiProperty({ type: [String], description: 'what else Respite keeps and how it is derived' })
  notes!: string[];
}
