import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';
import type { InboxEntry } from './inbox/inbox.document';
import { categorySchema } from './nudge.schema';

/** Body of POST /v1/me/nudges/:id/feedback. Strict: an unknown field is an error, not ignored. */
export const feedbackSchema = z.strictObject({
  suggestionId: z
    .string()
    .min(1)
    .max(80)
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a suggestion id'),
  helpful: z.boolean(),
});
export type Feedback = z.output<typeof feedbackSchema>;

export class FeedbackDto {
  @ApiProperty({ example: 'box-breathing-90s', description: 'one of the suggestions of this nudge' })
  suggestionId!: string;
  @ApiProperty({ description: 'did it help?' })
  helpful!: boolean;
}

class SignalDto {
  @ApiProperty({ enum: ['hrv', 'rhr', 'sleep'] })
  signal!: string;
  @ApiProperty()
  value!: number;
  @ApiProperty({ description: 'your own usual value' })
  baseline!: number;
  @ApiProperty({ type: [Number], minItems: 2, maxItems: 2, description: 'your usual range' })
  band!: [number, number];
  @ApiProperty({ description: 'nights outside the range' })
  days!: number;
}

class SuggestionDto {
  @ApiProperty()
  id!: string;
  @ApiProperty()
  title!: string;
  @ApiProperty()
  text!: string;
  @ApiProperty()
  minutes!: number;
  @ApiProperty({ enum: categorySchema.options })
  category!: string;
  @ApiProperty()
  evidence!: string;
  @ApiPropertyOptional({ type: Boolean, description: 'your answer, once given' })
  helpful?: boolean;
}

export class NudgeDto {
  @ApiProperty({ format: 'uuid' })
  nudgeId!: string;
  @ApiProperty({ format: 'date', description: 'the night it is about, by its wake-up date' })
  asOf!: string;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ format: 'date-time' })
  deliveredAt!: string;
  @ApiProperty({ enum: ['watch', 'warning'] })
  level!: 'watch' | 'warning';
  @ApiProperty()
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
