import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { offlineOpenApiDocument } from '../scripts/web/openapi-offline';
import { ConsentController } from './consent/consent.controller';

/**
 * ts-jest emits decorator metadata (tsc does too, for `node dist/main.js`); tsx does not, and
 * `scripts/web/openapi.ts --check` (under tsx) keeps web/src/api/openapi.json equal to its output.
 * Equal here as well means the document is the same however the service is started.
 */
describe('the OpenAPI document', () => {
  it('is the same with decorator metadata as without (the committed one)', async () => {
    const doc = await offlineOpenApiDocument();
    const committed = JSON.parse(
      readFileSync(join(__dirname, '..', 'web', 'src', 'api', 'openapi.json'), 'utf8'),
    );
    expect(JSON.parse(JSON.stringify(doc))).toEqual(committed);
    // and this run did have the metadata (else the comparison would prove nothing)
    expect(Reflect.getMetadata('design:paramtypes', ConsentController)).toHaveLength(5);
  });
});
