import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Post,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import type { Principal } from '../../auth/principal';
import { ref } from '../../common/api-schema';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config.schema';
import { ZodBodyPipe } from '../../consent/consent.dto';
import { assertReady, stored } from '../inbox/inbox.http';
import { NudgesService } from '../nudges.service';
import { PushSender } from './push.sender';
import {
  type EndpointPolicy,
  endpointProblem,
  type PushSubscriptionJson,
  pushSubscriptionSchema,
  SubscribedDto,
  type Unsubscribe,
  unsubscribeSchema,
  VapidKeyDto,
} from './push.subscription.dto';

/** Web Push: the server's VAPID key, and the person's own push subscriptions (by the token's sub). */
@ApiTags('push')
@Controller()
export class PushController {
  private readonly policy: EndpointPolicy;

  constructor(
    @Inject(NudgesService) private readonly nudges: NudgesService,
    @Inject(PushSender) private readonly sender: PushSender,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.policy = {
      hosts: config.PUSH_ENDPOINT_HOSTS.map((h) => h.toLowerCase()),
      allowLoopbackHttp: config.NODE_ENV !== 'production',
    };
  }

  @Get('v1/push/vapid-public-key')
  @ApiOperation({ summary: 'The applicationServerKey for PushManager.subscribe()' })
  @ApiOkResponse({ type: VapidKeyDto })
  vapidPublicKey(): VapidKeyDto {
    return { publicKey: this.sender.publicKey };
  }

  @Post('v1/me/push-subscriptions')
  @Roles('subject')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Register a device for my nudges',
    description: 'The push shows only a neutral preview; the nudge itself is read in the app.',
  })
  @ApiBody({ schema: ref('PushSubscriptionDto') })
  @ApiCreatedResponse({ type: SubscribedDto })
  @ApiBadRequestResponse({ description: 'invalid subscription; `issues` names each field, e.g. `keys.auth`' })
  @ApiConflictResponse({ description: 'my consent does not include the early-warning scope' })
  @ApiServiceUnavailableResponse({ description: 'the inbox is loading or Kafka is unavailable; try again' })
  async subscribe(
    @CurrentPrincipal() me: Principal,
    @Body(new ZodBodyPipe(pushSubscriptionSchema)) body: PushSubscriptionJson,
  ): Promise<SubscribedDto> {
    const problem = endpointProblem(body.endpoint, this.policy);
    if (problem) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: 'invalid body',
        issues: [{ path: 'endpoint', message: problem }],
      });
    }
    assertReady(this.nudges.isReady);
    if (!(await stored(() => this.nudges.subscribe(me.sub, body)))) {
      throw new ConflictException({
        statusCode: 409,
        error: 'Conflict',
        message: 'push needs consent with the early-warning scope',
      });
    }
    return { endpoint: body.endpoint };
  }

  @Delete('v1/me/push-subscriptions')
  @Roles('subject')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove one of my devices (no error if it was not registered)' })
  @ApiBody({ schema: ref('UnsubscribeDto') })
  @ApiNoContentResponse({ description: 'removed, or was not registered' })
  @ApiBadRequestResponse({ description: 'no endpoint given' })
  @ApiServiceUnavailableResponse({ description: 'the inbox is loading or Kafka is unavailable; try again' })
  async unsubscribe(
    @CurrentPrincipal() me: Principal,
    @Body(new ZodBodyPipe(unsubscribeSchema)) body: Unsubscribe,
  ): Promise<void> {
    assertReady(this.nudges.isReady);
    await stored(() => this.nudges.unsubscribe(me.sub, body.endpoint));
  }
}
