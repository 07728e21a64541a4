import { putConsentSchema } from '../consent/consent.dto';
import { checkInSchema } from '../me/me.dto';
import { feedbackSchema } from '../nudges/nudges.dto';
import { pushSubscriptionSchema, unsubscribeSchema } from '../nudges/push/push.subscription.dto';
import { apiComponents } from './api-schema';

// the importing registers the shapes; the schemas are named so that the imports are kept
void [putConsentSchema, checkInSchema, feedbackSchema, pushSubscriptionSchema, unsubscribeSchema];

type S = { properties: Record<string, S>; items: S; additionalProperties?: boolean } & Record<
  string,
  unknown
>;
const schemas = apiComponents() as Record<string, S>;

describe('OpenAPI shapes generated from the zod schemas', () => {
  it('says what the validation checks (the drift Schemathesis found before)', () => {
    const put = schemas.PutConsentDto!;
    expect(put.additionalProperties).toBe(false);
    expect(put.required).toEqual(['scopes', 'policyVersion']);
    expect(put.properties.cohorts!.items.pattern).toBe('^[a-z0-9:_-]+$');
    expect(put.properties.policyVersion).toMatchObject({ minLength: 1, maxLength: 32 });
    expect(schemas.UnsubscribeDto!.properties.endpoint).toMatchObject({ minLength: 1, maxLength: 2048 });
    expect(schemas.PushKeysDto!.properties.auth!.pattern).toBe('^[A-Za-z0-9_-]{22}(?:==)?$');
    expect(schemas.PushSubscriptionDto!.properties.keys).toEqual({
      $ref: '#/components/schemas/PushKeysDto',
    });
    expect(schemas.CheckInBodyDto!.properties.stress).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 5,
    });
  });

  it('leaves no JSON Schema keywords that OpenAPI 3.0 does not know', () => {
    const text = JSON.stringify(schemas);
    for (const k of ['$schema', '$id', '$defs', 'const', 'exclusiveMinimum":0'])
      expect(text).not.toContain(k);
  });
});
