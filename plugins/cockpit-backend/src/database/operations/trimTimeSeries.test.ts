import { testDatabaseEngines } from '@cockpit/store';
import { useTrimFixture } from '../../__testUtils__/trimFixture';
import { trimTimeSeries } from './trimTimeSeries';

jest.setTimeout(60_000);

describe.each(testDatabaseEngines())('trimTimeSeries on $name', engine => {
  const knex = useTrimFixture(engine, row =>
    row.seed.reading({
      resource: { type: 'Service', name: row.name },
      type: 'cpu',
      storageMode: 'TIME_SERIES',
      collectedAt: row.at,
      value: row.value,
    }),
  );

  it('keeps the newest points of each resource and deletes the rest', async () => {
    const deleted = await trimTimeSeries({
      knex: knex(),
      type: 'cpu',
      maxPoints: 3,
      batchSize: 1,
    });
    expect(deleted).toBe(2);
    const left = await knex()('readings').orderBy('value').pluck('value');
    expect(left).toEqual(['a3', 'a4', 'a5', 'b1', 'b2']);
  });
});
