import { BadRequestException } from '@nestjs/common';
import { exportQuerySchema, trendsQuerySchema, ZodQueryPipe } from './trends.dto';

function issues(schema: typeof trendsQuerySchema | typeof exportQuerySchema, q: unknown) {
  try {
    new ZodQueryPipe(schema).transform(q);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(BadRequestException);
    return ((err as BadRequestException).getResponse() as { issues: { path: string }[] }).issues.map(
      (i) => i.path,
    );
  }
}

describe('trend query parameters', () => {
  it('accepts a cohort with optional dates and period', () => {
    expect(
      new ZodQueryPipe(trendsQuerySchema).transform({ cohort: 'unit:icu-3', from: '2026-11-01' }),
    ).toEqual({
      cohort: 'unit:icu-3',
      from: '2026-11-01',
    });
    expect(new ZodQueryPipe(exportQuerySchema).transform({ cohort: 'unit:a' })).toEqual({
      cohort: 'unit:a',
      format: 'csv',
    });
  });

  it('names each bad parameter', () => {
    expect(issues(trendsQuerySchema, {})).toEqual(['cohort']);
    expect(issues(trendsQuerySchema, { cohort: 'Unit A' })).toEqual(['cohort']);
    expect(issues(trendsQuerySchema, { cohort: ['unit:a', 'unit:b'] })).toEqual(['cohort']);
    expect(issues(trendsQuerySchema, { cohort: 'unit:a', from: '2026-13-01' })).toEqual(['from']);
    // an empty range is not an error (the document cannot say "to after from")
    expect(issues(trendsQuerySchema, { cohort: 'unit:a', from: '2026-11-02', to: '2026-11-01' })).toEqual([]);
    expect(issues(trendsQuerySchema, { cohort: 'unit:a', period: 'hourly', pid: 'x' })).toEqual([
      'period',
      'pid',
    ]);
    expect(issues(exportQuerySchema, { cohort: 'unit:a', format: 'xlsx' })).toEqual(['format']);
  });
});
