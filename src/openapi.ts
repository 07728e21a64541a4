import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** The one OpenAPI document: served at /docs, and the source of the web app's client types. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const doc = new DocumentBuilder()
    .setTitle('Respite')
    .setDescription('Opt-in wearable early warnings: consent, own nudges, aggregate trends, operations')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, doc);
}
