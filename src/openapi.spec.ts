import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { AppModule } from './app.module';
import { parseConfig } from './config/config.schema';
import { ConsentController } from './consent/consent.controller';
import { RecordProducer } from './kafka/kafka.record-producer';
import { openApiDocument } from './openapi';

/**
 * ts-jest emits decorator metadata (tsc does too, for `node dist/main.js`); tsx does not, and
 * `scripts/web/openapi.ts --check` (under tsx) keeps web/src/api/openapi.json equal to its output.
 * Equal here as well means the document is the same however the service is started.
 */
describe('the OpenAPI document', () => {
  it('is the same with decorator metadata as without (the committed one)', async () => {
    const config = parseConfig({
      KAFKA_BROKERS: '127.0.0.1:1',
      INFLUX_URL: 'http://127.0.0.1:1',
      INFLUX_TOKEN: 'x',
      PSEUDONYM_KEYS: `k1:${'x'.repeat(32)}`,
      JWT_SECRET: 'x'.repeat(32),
    });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
      .overrideProvider(RecordProducer)
      .useValue({})
      .compile();
    const doc = openApiDocument(moduleRef.createNestApplication({ logger: false }));
    const committed = JSON.parse(
      readFileSync(join(__dirname, '..', 'web', 'src', 'api', 'openapi.json'), 'utf8'),
    );
    expect(JSON.parse(JSON.stringify(doc))).toEqual(committed);
    // and this run did have the metadata (else the comparison would prove nothing)
    expect(Reflect.getMetadata('design:paramtypes', ConsentController)).toHaveLength(5);
  });
});
