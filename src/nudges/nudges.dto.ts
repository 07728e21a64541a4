import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';
import { requestModel } from '../common/api-schema';
import type { InboxEntry } from './inbox/inbox.document';
import { categorySchema } from './nudge.schema';

/** Body of POST /v1/me/nudges/:id/feedback. Strict: an unknown field is an error, not ignored. */
export const feedbackSchema = requestModel(
  'FeedbackDto',
  z.strictObject({
    suggestionId: z
      .string()
      .min(1)
      .max(80)
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a suggestion id')
      .describe('one of the suggestions of this nudge'),
    helpful: z.boolean().describe('did it help?'),
  }),
);
export type Feedback = z.output<typeof feedbackSchema>;

class SignalDto {
  @ApiProperty({ enum: ['hrv', 'rhr', 'sleep'] })
  signal!: string;
  @ApiProperty({ type: Number })
  value!: number;
  @ApiProperty({ type: Number, description: 'your own usual value' })
  baseline!: number;
  @ApiProperty({ type: [Number], minItems: 2, maxItems: 2, description: 'your usual range' })
  band!: [number, number];
  @ApiProperty({ type: Number, description: 'nights outside the range' })
  days!: number;
}

class SuggestionDto {
  @ApiProperty({ type: String })
  id!: string;
  @ApiProperty({ type: String })
  title!: string;
  @ApiProperty({ type: String })
  text!: string;
  @ApiProperty({ type: Number })
  minutes!: number;
  @ApiProperty({ enum: categorySchema.options })
  category!: string;
  @ApiProperty({ type: String })
  evidence!: string;
  @ApiPropertyOptional({ type: Boolean, description: 'your answer, once given' })
  helpful?: boolean;
}

export class NudgeDto {
  @ApiProperty({ type: String, format: 'uuid' })
  nudgeId!: string;
  @ApiProperty({ type: String, format: 'date', description: 'the night it is about, by its wake-up date' })
  asOf!: string;
  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time' })
  deliveredAt!: string;
  @ApiProperty({ enum: ['watch', 'warning'] })
  level!: 'watch' | 'warning';
  @ApiProperty({ type: String })
  message!: string;
  @ApiProperty({ type: [SignalDto] })
  signals!: SignalDto[];
  @ApiProperty({ type: [SuggestionDto] })
  suggestions!: SuggestionDto[];

  /** The person's own view of a delivered nudge; their subjectId is the token's, so it is left out. */
  static of(e: InboxEntry): NudgeDto {
    const { nudgeId, asOf, createdAt, level, message, signals, suggestions } = e.nudge;
    return {
      nudgeId,
      asOf,
      createdAt,
      deliveredAt: e.deliveredAt ?? e.deliverAt,
      level,
      message,
      signals,
      suggestions: suggestions.map((s) => {
        const helpful = e.feedback[s.id];
        return helpful === undefined ? { ...s } : { ...s, helpful };
      }),
    };
  }
}
