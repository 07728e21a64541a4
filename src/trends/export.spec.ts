import fc from 'fast-check';
import { seededRng as prng } from '../common/seeded-rng';
import { SERIES_COLUMNS, seriesToCsv, seriesToJson, toSeries } from './export';
import { createMemory } from './suppression';
import { parseTrendPrivacy } from './trends.config';
import { releaseTrends, type TrendState } from './trends.release';
import { METRICS, type TrendRecord } from './trends.types';

const SALT = 'export-salt-0123456789';
const day = (d: number) => ({
  start: `2026-11-${String(d).padStart(2, '0')}`,
  end: `2026-11-${String(d).padStart(2, '0')}`,
});
const record = (
  d: number,
  contributors: number | null,
  value: number | null,
  cohortId = 'unit:icu-3',
): TrendRecord => ({
  cohortId,
  period: day(d),
  contributors,
  metrics: {
    ...(Object.fromEntries(METRICS.map((m) => [m, value])) as TrendRecord['metrics']),
    sleepHoursMedian: null,
  },
  privacy: { k: 10, epsilon: 0, suppressed: value === null ? [...METRICS] : ['sleepHoursMedian'] },
});

describe('trend series export', () => {
  it('writes a header and one row per period in order, suppressed cells empty', () => {
    const series = toSeries(
      [record(3, 14, 0.2), record(1, null, null), record(2, 14, 0.2, 'unit:er')],
      'unit:icu-3',
    );
    expect(seriesToCsv(series).split('\r\n')).toEqual([
      'cohortId,periodStart,periodEnd,contributors,hrvDeviationMedian,shareOutsideNormal,sleepHoursMedian,rhrDeviationMedian,k,epsilon',
      'unit:icu-3,2026-11-01,2026-11-01,,,,,,10,0',
      'unit:icu-3,2026-11-03,2026-11-03,14,0.2,0.2,,0.2,10,0',
      '',
    ]);
    const json = JSON.parse(seriesToJson(series));
    expect(json).toMatchObject({ cohortId: 'unit:icu-3', columns: [...SERIES_COLUMNS] });
    expect(json.rows[0]).toMatchObject({
      periodStart: '2026-11-01',
      contributors: null,
      shareOutsideNormal: null,
    });
  });

  it('keeps the latest record of a period and blanks a record below k even if it carries figures', () => {
    const rows = toSeries([record(1, 14, 0.2), record(1, 15, 0.3), record(2, 4, 0.9)], 'unit:icu-3').rows;
    expect(rows.map((r) => [r.contributors, r.shareOutsideNormal])).toEqual([
      [15, 0.3],
      [null, null],
    ]);
  });

  it('quotes and defuses cohort ids that a spreadsheet would run as formulas', () => {
    const csv = seriesToCsv(toSeries([record(1, 14, 0.2, '=HYPERLINK("x"),1')], '=HYPERLINK("x"),1'));
    expect(csv.split('\r\n')[1]?.startsWith(`"'=HYPERLINK(""x""),1",`)).toBe(true);
  });

  it('never exports a per-person row or a pid, whatever the cohort', () => {
    const personArb = fc.record({
      pid: fc.uuid(),
      present: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
      sleep: fc.double({ min: 3, max: 11, noNaN: true }),
      flag: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(personArb, { maxLength: 40 }), fc.constantFrom(0, 1), (people, epsilon) => {
        const deps = {
          config: parseTrendPrivacy({ k: 5, epsilon }),
          salt: SALT,
          rng: prng(2),
          now: new Date('2026-11-10T00:00:00Z'),
        };
        let state: TrendState = { memory: createMemory(SALT), ledger: {} };
        const records: TrendRecord[] = [];
        for (let d = 1; d <= 5; d++) {
          const contributions = people
            .filter((p) => p.present[d - 1])
            .map((p) => ({ pid: `k1.${p.pid}`, cohorts: ['a'], sleepHours: p.sleep, outsideNormal: p.flag }));
          const r = releaseTrends({ period: day(d), contributions, cohorts: ['a'] }, state, deps);
          state = r;
          records.push(...r.records);
        }
        const series = toSeries(records, 'a');
        const csv = seriesToCsv(series);
        const lines = csv.trimEnd().split('\r\n');
        expect(lines).toHaveLength(1 + 5);
        for (const p of people) {
          expect(csv).not.toContain(p.pid);
          expect(seriesToJson(series)).not.toContain(p.pid);
        }
        for (const row of series.rows) {
          expect(row.contributors === null || row.contributors >= 5).toBe(true);
          if (row.contributors === null) expect(METRICS.every((m) => row[m] === null)).toBe(true);
        }
      }),
    );
  });
});
