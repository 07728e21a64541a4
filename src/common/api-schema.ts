import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiQuery } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z } from 'zod';

/**
 * The API's shapes have one source of truth: the zod schemas that validate them. Each named shape
 * is registered here and becomes `components.schemas.<name>` of the OpenAPI document (src/openapi.ts),
 * so the document cannot disagree with the validation, and it needs no decorator metadata (which
 * tsx/esbuild does not emit). Requests are described as zod takes them in (defaults optional),
 * responses as they go out.
 */
type Registry = z.core.$ZodRegistry<{ id: string }>;
const requests: Registry = z.registry<{ id: string }>();
const responses: Registry = z.registry<{ id: string }>();

/** Registers `schema` as the request shape `name` (a body the API validates with it). */
export function requestModel<T extends z.ZodType>(name: string, schema: T): T {
  requests.add(schema, { id: name });
  return schema;
}

/** Registers `schema` as the response shape `name` (what the API answers). */
export function responseModel<T extends z.ZodType>(name: string, schema: T): T {
  responses.add(schema, { id: name });
  return schema;
}

/** `{ $ref }` to a registered shape, for @ApiBody/@ApiOkResponse `schema`. */
export function ref(name: string): { $ref: string } {
  return { $ref: `#/components/schemas/${name}` };
}

const uri = (id: string) => `#/components/schemas/${id}`;

function openApi(registry: Registry, io: 'input' | 'output'): unknown {
  // `unrepresentable: 'any'`: a custom type has no JSON Schema (refines, e.g. a valid P-256 point or
  // an IANA zone, are simply not stated; the field's type, length and pattern still are)
  return z.toJSONSchema(registry, { target: 'openapi-3.0', io, unrepresentable: 'any', uri });
}

/** All registered shapes, as OpenAPI 3.0 component schemas. */
export function apiComponents(): Record<string, SchemaObject> {
  const req = openApi(requests, 'input') as { schemas: Record<string, SchemaObject> };
  const res = openApi(responses, 'output') as { schemas: Record<string, SchemaObject> };
  const out: Record<string, SchemaObject> = {};
  for (const [name, s] of Object.entries({ ...req.schemas, ...res.schemas })) {
    const { $schema: _, $id: __, ...rest } = s as SchemaObject & { $schema?: string; $id?: string };
    out[name] = rest;
  }
  return out;
}

/** One query parameter per property of a zod object schema (as zod takes it in), and its 400. */
export function ApiZodQuery(schema: z.ZodType): MethodDecorator {
  const json = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, SchemaObject>;
    required?: string[];
  };
  return applyDecorators(
    ApiBadRequestResponse({ description: 'invalid query; `issues` names each parameter' }),
    ...Object.entries(json.properties ?? {}).map(([name, s]) => {
      const { description, ...rest } = s;
      return ApiQuery({ name, required: json.required?.includes(name) ?? false, schema: rest, description });
    }),
  );
}

/** A single query parameter `name` validated by `schema`. */
export function ApiZodParam(name: string, schema: z.ZodType, description?: string): MethodDecorator {
  return ApiZodQuery(z.object({ [name]: description ? schema.describe(description) : schema }));
}
