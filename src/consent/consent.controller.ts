import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Logger,
  NotFoundException,
  Put,
  Query,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiZodQuery, ref } from '../common/api-schema';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { ErasureService } from '../erasure/erasure.service';
import { Pseudonymizer } from '../privacy/pseudonymizer';
import { type ConsentAction, ConsentAudit } from './consent.audit';
import {
  ConsentDto,
  EraseQueryPipe,
  ErasureDto,
  eraseSchema,
  type PutConsent,
  putConsentSchema,
  ZodBodyPipe,
} from './consent.dto';
import type { ConsentRecord } from './consent.schema';
import { ConsentService } from './consent.service';

/**
 * The person's own consent. Every route acts on the token's `sub` and none takes a subject id, so
 * nobody can read or change anyone else's consent. Withdrawing is one call, like granting.
 */
@ApiTags('consent')
@ApiServiceUnavailableResponse({
  description: 'Kafka or InfluxDB unavailable; nothing was changed or the call is safe to repeat',
})
@Roles('subject')
@Controller('v1/me/consent')
export class ConsentController {
  private readonly log = new Logger(ConsentController.name);
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(
    @Inject(ConsentService) private readonly consent: ConsentService,
    @Inject(ConsentAudit) private readonly audit: ConsentAudit,
    @Inject(Pseudonymizer) private readonly pseudonymizer: Pseudonymizer,
    @Inject(ErasureService) private readonly erasure: ErasureService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'My current consent (granted or revoked), or the receipt of my erasure',
    description:
      'After an erasure, and while its receipt is kept (30 days by default), the answer says when it was asked for, when it was done and how many points went; nothing of their content is kept.',
  })
  @ApiOkResponse({
    schema: { oneOf: [ref('ConsentDto'), ref('ErasureDto')] },
  })
  @ApiNotFoundResponse({ description: 'no consent on record and no recent erasure' })
  get(@CurrentPrincipal() me: Principal): ConsentDto | ErasureDto {
    const record = this.consent.view.get(me.sub);
    // asked for and not yet done (the erasure tombstones the record when it is)
    if (record?.erase) return { status: 'erasing', at: record.at };
    const receipt = record ? undefined : this.erasure.receiptOf(me.sub);
    return receipt ? ErasureDto.of(receipt) : ConsentDto.of(this.current(me.sub));
  }

  @Put()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Grant or update my consent',
    description:
      'Replaces scopes, cohorts and policy version; an omitted timeZone or quietHours keeps the previous one.',
  })
  @ApiBody({ schema: ref('PutConsentDto') })
  @ApiOkResponse({ schema: ref('ConsentDto') })
  @ApiBadRequestResponse({ description: 'invalid body; `issues` names each field, e.g. `scopes[0]`' })
  put(
    @CurrentPrincipal() me: Principal,
    @Body(new ZodBodyPipe(putConsentSchema)) body: PutConsent,
  ): Promise<ConsentDto> {
    return this.serially(me.sub, async () => {
      const prior = this.consent.view.get(me.sub);
      const timeZone = body.timeZone ?? prior?.timeZone;
      const quietHours = body.quietHours ?? prior?.quietHours;
      const next: ConsentRecord = {
        subjectId: me.sub,
        status: 'granted',
        scopes: body.scopes,
        cohorts: body.cohorts,
        policyVersion: body.policyVersion,
        at: new Date().toISOString(),
        erase: false,
        ...(timeZone ? { timeZone } : {}),
        ...(quietHours ? { quietHours } : {}),
      };
      await this.store(() => this.consent.record(next));
      this.trail(me.sub, prior?.status === 'granted' ? 'updated' : 'granted', next);
      return ConsentDto.of(next);
    });
  }

  @Delete()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Withdraw my consent; with erase=true also erase my data',
    description:
      'Processing stops at once. erase=true deletes every stored reading, the baseline and inbox, and removes the consent record (GDPR Art. 17); it may be repeated. The answer waits for the erasure to finish (it waits a few seconds for writes in flight) and then says what went; 202 if it is still under way, and GET then says `erasing` until it is done. My other calls are answered meanwhile.',
  })
  @ApiZodQuery(z.object({ erase: eraseSchema }))
  @ApiOkResponse({
    schema: { oneOf: [ref('ConsentDto'), ref('ErasureDto')] },
  })
  @ApiAcceptedResponse({ schema: ref('ErasureDto'), description: 'erasure accepted and still under way' })
  @ApiNotFoundResponse({ description: 'no consent on record to withdraw (erase=true still succeeds)' })
  @ApiBadRequestResponse({ description: 'erase is not true or false' })
  withdraw(
    @CurrentPrincipal() me: Principal,
    @Query('erase', new EraseQueryPipe()) erase: boolean,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ConsentDto | ErasureDto> {
    if (erase) return this.erase(me, res);
    return this.serially(me.sub, async () => {
      const at = new Date().toISOString();
      const c = this.current(me.sub);
      if (c.status === 'revoked') return ConsentDto.of(c);
      const next: ConsentRecord = { ...c, status: 'revoked', erase: false, at };
      await this.store(() => this.consent.record(next));
      this.trail(me.sub, 'withdrawn', next);
      return ConsentDto.of(next);
    });
  }

  /**
   * Only writing the request to consent.v1 is in the person's queue (that order is what a later
   * grant is judged by). The wait for the receipt is not: a slow erasure (it waits
   * ERASURE_SETTLE_MS for writes in flight) must not keep the person's next GET or PUT waiting.
   */
  private async erase(me: Principal, res: Response): Promise<ErasureDto> {
    const at = await this.serially(me.sub, async () => {
      const current = this.consent.view.get(me.sub);
      const at = new Date().toISOString();
      // without a record there is nothing to withdraw, but points may remain: ask for erasure anyway
      const request: ConsentRecord = current
        ? { ...current, status: 'revoked', erase: true, at }
        : {
            subjectId: me.sub,
            status: 'revoked',
            scopes: [],
            cohorts: [],
            policyVersion: 'none',
            at,
            erase: true,
          };
      await this.store(() => this.consent.record(request));
      if (current?.status === 'granted') this.trail(me.sub, 'withdrawn', current);
      return at;
    });
    // the erasure itself runs where consent.v1 is consumed for it (src/erasure), maybe elsewhere
    const receipt = await this.erasure.waitForReceipt(me.sub, at, this.config.ERASURE_WAIT_MS);
    if (receipt) return ErasureDto.of(receipt, at);
    res.status(202);
    return { status: 'erasing', at };
  }

  private current(subjectId: string): ConsentRecord {
    const c = this.consent.view.get(subjectId);
    if (!c)
      throw new NotFoundException({ statusCode: 404, error: 'Not Found', message: 'no consent on record' });
    return c;
  }

  private trail(subjectId: string, action: ConsentAction, r: ConsentRecord | undefined): void {
    this.audit.append({
      at: new Date().toISOString(),
      pid: this.pseudonymizer.pid(subjectId),
      action,
      policyVersion: r?.policyVersion ?? null,
      scopes: action === 'erased' ? [] : [...(r?.scopes ?? [])],
    });
  }

  /** Kafka or InfluxDB failing is the server's problem, reported as 503 (the call may be repeated). */
  private async store(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.log.error(`consent change failed: ${err instanceof Error ? err.message : 'unknown error'}`);
      throw new ServiceUnavailableException('consent could not be stored; please try again');
    }
  }

  /** One change at a time per person, so a grant cannot land in the middle of an erasure. */
  private serially<T>(subjectId: string, fn: () => Promise<T>): Promise<T> {
    const run = (this.inFlight.get(subjectId) ?? Promise.resolve()).then(fn, fn);
    const tail = run.catch(() => undefined);
    this.inFlight.set(subjectId, tail);
    void tail.then(() => this.inFlight.get(subjectId) === tail && this.inFlight.delete(subjectId));
    return run;
  }
}
