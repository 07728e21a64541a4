import {
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { JwtAuthGuard, principalOf, ROLES_KEY } from './auth.guard';
import type { Principal, Role } from './principal';

/**
 * Requires a valid bearer token with one of `roles` (any authenticated caller when none are given),
 * and documents both failure responses in OpenAPI.
 */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    UseGuards(JwtAuthGuard),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({
      description: 'missing, malformed, unsigned, expired or wrongly signed token (see `reason`)',
    }),
    ApiForbiddenResponse({ description: `the token lacks the role ${roles.join(' or ') || '(any)'}` }),
  );

/** The verified caller of the current request. */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal => principalOf(ctx.switchToHttp().getRequest<Request>()),
);
