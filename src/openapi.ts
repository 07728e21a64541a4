import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { apiComponents } from './common/api-schema';

/** The one OpenAPI document: served at /docs, and the source of the web app's client types. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const doc = new DocumentBuilder()
    .setTitle('Respite')
    .setDescription('Opt-in wearable early warnings: consent, own nudges, aggregate trends, operations')
    .addBearerAuth()
    .build();
  const out = SwaggerModule.createDocument(app, doc);
  // the shapes the API validates with (zod), under the names the routes refer to
  out.components = { ...out.components, schemas: { ...out.components?.schemas, ...apiComponents() } };
  return out;
}
