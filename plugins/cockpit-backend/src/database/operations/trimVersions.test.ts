import { resourceId } from '@cockpit/plugin-cockpit-common';
import { testDatabaseEngines } from '@cockpit/store';
import { useTrimFixture } from '../../__testUtils__/trimFixture';
import { trimVersions } from './trimVersions';

jest.setTimeout(60_000);

describe.each(testDatabaseEngines())('trimVersions on $name', engine => {
  const knex = useTrimFixture(engine, async row => {
    await row.knex('reading_versions').insert({
      resource_id: resourceId('Service', row.name),
      type: 'health',
      valid_from: row.at,
      value: JSON.stringify(row.value),
    });
  });

  it('keeps the newest versions of each resource and deletes the rest', async () => {
    const deleted = await trimVersions({
      knex: knex(),
      type: 'health',
      maxVersions: 3,
      batchSize: 1,
    });
    expect(deleted).toBe(2);
    const left = await knex()('reading_versions')
      .orderBy('value')
      .pluck('value');
    expect(left).toEqual(['a3', 'a4', 'a5', 'b1', 'b2']);
  });

  it('refuses to delete the version in force', async () => {
    await expect(
      trimVersions({
        knex: knex(),
        type: 'health',
        maxVersions: 0,
        batchSize: 1,
      }),
    ).rejects.toThrow(
      /maxVersions of health must be a whole number of at least 1/,
    );
  });
});
