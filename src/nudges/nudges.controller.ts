import {
  Body,
  ConflictException,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  type MessageEvent,
  NotFoundException,
  Param,
  Post,
  Sse,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { endWith, ignoreElements, interval, map, merge, type Observable, share, takeUntil } from 'rxjs';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ref } from '../common/api-schema';
import { ZodBodyPipe } from '../consent/consent.dto';
import { assertReady, stored } from './inbox/inbox.http';
import { type DismissalBody, dismissalSchema, type Feedback, feedbackSchema, NudgeDto } from './nudges.dto';
import { NudgesService } from './nudges.service';

/** Keeps proxies from closing an idle event stream. */
export const PING_MS = 25_000;

/**
 * The person's own nudges. Every route acts on the token's `sub` and none takes a person id, so no
 * role (not even operator) can read anyone else's nudges (DESIGN §3, invariant 3).
 */
@ApiTags('nudges')
@ApiServiceUnavailableResponse({ description: 'the inbox is loading or Kafka is unavailable; try again' })
@Roles('subject')
@Controller('v1/me/nudges')
export class NudgesController {
  constructor(@Inject(NudgesService) private readonly nudges: NudgesService) {}

  @Get()
  @ApiOperation({ summary: 'My nudges, newest first' })
  @ApiOkResponse({ schema: { type: 'array', items: ref('NudgeDto') } })
  list(@CurrentPrincipal() me: Principal): NudgeDto[] {
    assertReady(this.nudges.isReady);
    return this.nudges.inbox(me.sub);
  }

  @Sse('stream')
  @ApiOperation({
    summary: 'My nudges as they are delivered (Server-Sent Events)',
    description: `Event \`nudge\` (id = nudgeId, data = a nudge as in GET /v1/me/nudges); \`ping\` every ${PING_MS / 1000} s.`,
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'an event stream' })
  stream(@CurrentPrincipal() me: Principal): Observable<MessageEvent> {
    assertReady(this.nudges.isReady);
    const nudges = this.nudges.stream(me.sub).pipe(
      map((n): MessageEvent => ({ type: 'nudge', id: n.nudgeId, data: n })),
      share(),
    );
    const ended = nudges.pipe(ignoreElements(), endWith(true));
    const pings = interval(PING_MS).pipe(
      map((): MessageEvent => ({ type: 'ping', data: '' })),
      takeUntil(ended),
    );
    return merge(nudges, pings);
  }

  @Post(':id/feedback')
  @HttpCode(200)
  @ApiOperation({ summary: 'Tell whether a suggestion of one of my nudges helped' })
  @ApiParam({ name: 'id', type: String, description: 'nudgeId', format: 'uuid' })
  @ApiBody({ schema: ref('FeedbackDto') })
  @ApiOkResponse({ schema: ref('NudgeDto'), description: 'the nudge with my answers' })
  @ApiBadRequestResponse({ description: 'invalid body; `issues` names each field, e.g. `helpful`' })
  @ApiNotFoundResponse({ description: 'no such nudge in my inbox, or it did not offer that suggestion' })
  @ApiConflictResponse({ description: 'a different answer was already given for that suggestion' })
  async feedback(
    @CurrentPrincipal() me: Principal,
    @Param('id') nudgeId: string,
    @Body(new ZodBodyPipe(feedbackSchema)) body: Feedback,
  ): Promise<NudgeDto> {
    assertReady(this.nudges.isReady);
    const outcome = await stored(() => this.nudges.feedback(me.sub, nudgeId, body));
    if (outcome.kind === 'not-found') {
      throw new NotFoundException({
        statusCode: 404,
        error: 'Not Found',
        message: 'no such nudge with that suggestion in your inbox',
      });
    }
    if (outcome.kind === 'conflict') {
      throw new ConflictException({
        statusCode: 409,
        error: 'Conflict',
        message: 'a different answer was already given for this suggestion',
      });
    }
    return NudgeDto.of(outcome.entry);
  }

  @Post(':id/dismissal')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Dismiss one of my nudges: not helpful, or it was just a late night, travel or being unwell',
    description:
      'Respite learns from it for my own future warnings (with early-warning consent). One dismissal per nudge: ' +
      'the same reason again changes nothing; a different reason replaces the first, with the new time.',
  })
  @ApiParam({ name: 'id', type: String, description: 'nudgeId', format: 'uuid' })
  @ApiBody({ schema: ref('DismissalBodyDto') })
  @ApiOkResponse({ schema: ref('NudgeDto'), description: 'the nudge with my dismissal' })
  @ApiBadRequestResponse({ description: 'invalid body; `issues` names each field, e.g. `reason`' })
  @ApiNotFoundResponse({ description: 'no such delivered nudge in my inbox' })
  async dismiss(
    @CurrentPrincipal() me: Principal,
    @Param('id') nudgeId: string,
    @Body(new ZodBodyPipe(dismissalSchema)) body: DismissalBody,
  ): Promise<NudgeDto> {
    return this.dismissal(me, nudgeId, body.reason);
  }

  @Delete(':id/dismissal')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take back my dismissal of a nudge (none given: nothing changes)' })
  @ApiParam({ name: 'id', type: String, description: 'nudgeId', format: 'uuid' })
  @ApiOkResponse({ schema: ref('NudgeDto'), description: 'the nudge without a dismissal' })
  @ApiNotFoundResponse({ description: 'no such delivered nudge in my inbox' })
  undismiss(@CurrentPrincipal() me: Principal, @Param('id') nudgeId: string): Promise<NudgeDto> {
    return this.dismissal(me, nudgeId, null);
  }

  private async dismissal(me: Principal, nudgeId: string, reason: DismissalBody['reason'] | null) {
    assertReady(this.nudges.isReady);
    const outcome = await stored(() => this.nudges.dismiss(me.sub, nudgeId, reason));
    if (outcome.kind === 'not-found') {
      throw new NotFoundException({
        statusCode: 404,
        error: 'Not Found',
        message: 'no such nudge in your inbox',
      });
    }
    return NudgeDto.of(outcome.entry);
  }
}
