// The service's OpenAPI document built without servers: the modules are compiled with placeholder
// settings, nothing is connected or started. Used by scripts/web/openapi.ts and src/openapi.spec.ts.
import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../src/app.module';
import { parseConfig } from '../../src/config/config.schema';
import { RecordProducer } from '../../src/kafka/kafka.record-producer';
import { openApiDocument } from '../../src/openapi';

export async function offlineOpenApiDocument(): Promise<ReturnType<typeof openApiDocument>> {
  const config = parseConfig({
    KAFKA_BROKERS: '127.0.0.1:1',
    INFLUX_URL: 'http://127.0.0.1:1',
    INFLUX_TOKEN: 'x',
    PSEUDONYM_KEYS: `k1:${'x'.repeat(32)}`,
    JWT_SECRET: 'x'.repeat(32),
  });
  // the producer is the one provider that connects while the module is built
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
    .overrideProvider(RecordProducer)
    .useValue({})
    .compile();
  return openApiDocument(moduleRef.createNestApplication({ logger: false }));
}
