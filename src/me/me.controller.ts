import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  Logger,
  type PipeTransform,
  Post,
  Query,
  ServiceUnavailableException,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiZodQuery, ref } from '../common/api-schema';
import { ZodBodyPipe } from '../consent/consent.dto';
import { type CheckIn, CheckInDto, checkInSchema, daysSchema, ExportDto, NightsDto } from './me.dto';
import { MeService } from './me.service';

/** `?days=`; a bad value is a 400 naming the parameter. */
class DaysPipe implements PipeTransform<unknown, number> {
  constructor(private readonly schema: z.ZodType<number, unknown>) {}
  transform(value: unknown): number {
    const r = this.schema.safeParse(value);
    if (r.success) return r.data;
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: 'invalid query',
      issues: [{ path: 'days', message: 'expected a whole number of days, 1 to 366' }],
    });
  }
}

/**
 * The person's own nights, check-ins and everything held about them. Every route acts on the
 * token's `sub` and none takes a person id (DESIGN §3, invariant 3).
 */
@ApiTags('me')
@ApiServiceUnavailableResponse({ description: 'InfluxDB is unavailable; try again' })
@Roles('subject')
@Controller('v1/me')
export class MeController {
  private readonly log = new Logger(MeController.name);

  constructor(@Inject(MeService) private readonly me: MeService) {}

  @Get('nights')
  @ApiOperation({
    summary: 'My last nights, each against my own usual range',
    description:
      'HRV (ms), resting heart rate (bpm) and sleep (hours) per night, with the band the early-warning rules compared it with, and whether a nudge was made about it.',
  })
  @ApiZodQuery(z.object({ days: daysSchema(60).describe('nights, 1–366, default 60') }))
  @ApiOkResponse({ type: NightsDto })
  @ApiBadRequestResponse({ description: 'days is not a whole number from 1 to 366' })
  nights(
    @CurrentPrincipal() p: Principal,
    @Query('days', new DaysPipe(daysSchema(60))) days: number,
  ): Promise<NightsDto> {
    return this.influx(() => this.me.nights(p.sub, days));
  }

  @Get('check-ins')
  @ApiOperation({ summary: 'My check-ins, oldest first' })
  @ApiZodQuery(z.object({ days: daysSchema(60).describe('nights, 1–366, default 60') }))
  @ApiOkResponse({ type: [CheckInDto] })
  checkIns(
    @CurrentPrincipal() p: Principal,
    @Query('days', new DaysPipe(daysSchema(60))) days: number,
  ): Promise<CheckInDto[]> {
    return this.influx(() => this.me.checkIns(p.sub, days));
  }

  @Post('check-ins')
  @HttpCode(201)
  @ApiOperation({ summary: 'Save a check-in: stress and sleep quality, 1–5 (needs the self-report scope)' })
  @ApiBody({ schema: ref('CheckInBodyDto') })
  @ApiCreatedResponse({ type: CheckInDto })
  @ApiBadRequestResponse({ description: 'invalid body; `issues` names each field' })
  @ApiConflictResponse({ description: 'my consent does not include the self-report scope' })
  async addCheckIn(
    @CurrentPrincipal() p: Principal,
    @Body(new ZodBodyPipe(checkInSchema)) body: CheckIn,
  ): Promise<CheckInDto> {
    const saved = await this.influx(() => this.me.addCheckIn(p.sub, body));
    if (!saved) {
      throw new ConflictException({
        statusCode: 409,
        error: 'Conflict',
        message: 'check-ins need consent with the self-report scope',
      });
    }
    return saved;
  }

  @Get('export')
  @Header('Content-Disposition', 'attachment; filename="respite-my-data.json"')
  @ApiOperation({
    summary: 'Everything Respite holds about me (GDPR Art. 15 and 20), as JSON',
    description:
      'Consent, nudges and answers, push devices, every stored reading and nightly summary, check-ins.',
  })
  @ApiOkResponse({ type: ExportDto })
  export(@CurrentPrincipal() p: Principal): Promise<ExportDto> {
    return this.influx(() => this.me.export(p.sub));
  }

  private async influx<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof ConflictException) throw err;
      this.log.error(`personal data call failed: ${err instanceof Error ? err.message : 'unknown error'}`);
      throw new ServiceUnavailableException('your data could not be read or saved; please try again');
    }
  }
}
