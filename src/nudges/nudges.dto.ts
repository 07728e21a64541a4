import { z } from 'zod';
import { requestModel, responseModel } from '../common/api-schema';
import { DISMISSAL_REASONS } from '../warnings/personal.inputs';
import type { InboxEntry } from './inbox/inbox.document';
import { levelSchema, signalDeviationSchema, wireSuggestionSchema } from './nudge.schema';

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

/** Body of POST /v1/me/nudges/:id/dismissal. Strict, like feedback. */
export const dismissalSchema = requestModel(
  'DismissalBodyDto',
  z.strictObject({
    reason: z
      .enum(DISMISSAL_REASONS)
      .describe(
        '`not-helpful`: the nudge did not help; `late-night`, `travel`, `ill`: a passing cause explains the signals',
      ),
  }),
);
export type DismissalBody = z.output<typeof dismissalSchema>;

const dismissalDto = responseModel(
  'DismissalDto',
  z.object({
    reason: z.enum(DISMISSAL_REASONS),
    at: z.iso.datetime({ offset: true }).describe('when you said it'),
  }),
);

const signalDto = responseModel('SignalDto', signalDeviationSchema);

const suggestionDto = responseModel(
  'SuggestionDto',
  wireSuggestionSchema.extend({ helpful: z.boolean().optional().describe('your answer, once given') }),
);

/** The person's own view of a delivered nudge: nudges.v1 without the subjectId (the token's). */
const nudgeDto = responseModel(
  'NudgeDto',
  z.object({
    nudgeId: z.uuid(),
    asOf: z.iso.date().describe('the night it is about, by its wake-up date'),
    createdAt: z.iso.datetime({ offset: true }),
    deliveredAt: z.iso.datetime({ offset: true }),
    level: levelSchema,
    message: z.string(),
    signals: z.array(signalDto),
    suggestions: z.array(suggestionDto),
    dismissal: dismissalDto.optional().describe('your dismissal of this nudge, once given'),
  }),
);
export type NudgeDto = z.output<typeof nudgeDto>;

export const NudgeDto = {
  of(e: InboxEntry): NudgeDto {
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
      ...(e.dismissal ? { dismissal: { ...e.dismissal } } : {}),
    };
  },
};
