import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { AuthError, KeySourceUnavailable, type Principal, type Role } from './principal';
import { TokenVerifier } from './token-verifier';

export const ROLES_KEY = 'respite:roles';
const PRINCIPAL = Symbol('respite:principal');

type WithPrincipal = Request & { [PRINCIPAL]?: Principal };

/**
 * Authenticates the bearer token (401 with a reason otherwise) and checks that the caller holds
 * one of the roles the route names (403 otherwise). Neither the token nor its subject is logged.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  private readonly log = new Logger(JwtAuthGuard.name);

  constructor(
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<WithPrincipal>();
    const principal = await this.authenticate(req, ctx.switchToHttp().getResponse<Response>());
    req[PRINCIPAL] = principal;
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (required && required.length > 0 && !required.some((r) => principal.roles.includes(r))) {
      this.log.debug(`forbidden: route needs ${required.join('|')}`);
      throw new ForbiddenException({
        statusCode: 403,
        error: 'Forbidden',
        message: `this route needs the role ${required.join(' or ')}`,
      });
    }
    return true;
  }

  private async authenticate(req: Request, res: Response): Promise<Principal> {
    try {
      return await this.verifier.verify(bearerToken(req.headers.authorization));
    } catch (err) {
      if (err instanceof AuthError) {
        this.log.debug(`unauthenticated: ${err.reason}`);
        // RFC 6750 §3: no error code when the request carried no token at all
        res.setHeader(
          'WWW-Authenticate',
          err.reason === 'missing-token'
            ? 'Bearer'
            : `Bearer error="invalid_token", error_description="${err.reason}"`,
        );
        throw new UnauthorizedException({
          statusCode: 401,
          error: 'Unauthorized',
          message: 'authentication failed',
          reason: err.reason,
        });
      }
      if (err instanceof KeySourceUnavailable) {
        this.log.warn('token keys unavailable: the JWKS could not be fetched');
        throw new ServiceUnavailableException('token keys are unavailable; try again shortly');
      }
      throw err;
    }
  }
}

/** `Authorization: Bearer <token>`; any other scheme counts as no token. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const m = /^Bearer(?:\s+(.*))?$/i.exec(header.trim());
  if (!m) return undefined;
  const token = m[1]?.trim() ?? '';
  if (token === '') throw new AuthError('malformed-token');
  return token;
}

/** The principal the guard put on the request; only valid behind JwtAuthGuard. */
export function principalOf(req: Request): Principal {
  const p = (req as WithPrincipal)[PRINCIPAL];
  if (!p) throw new Error('no principal: the route is not behind JwtAuthGuard');
  return p;
}
