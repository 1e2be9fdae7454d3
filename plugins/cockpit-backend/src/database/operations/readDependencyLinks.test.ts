import { resourceId } from '@cockpit/plugin-cockpit-common';
import { CockpitDatabase, testDatabaseEngines } from '@cockpit/store';
import { Seeder } from '../../__testUtils__/seed';
import { readDependencyLinks } from './readDependencyLinks';

jest.setTimeout(60_000);

const EXPRESS = 'pkg:npm/express@4.18.2';
const LODASH = 'pkg:npm/lodash@4.17.20';

describe.each(testDatabaseEngines())('readDependencyLinks on $name', engine => {
  let database: CockpitDatabase;

  beforeAll(async () => {
    database = await engine.open();
    const seed = new Seeder(database.knex);
    await seed.service({ service: 'a', environments: ['prod', 'qa'] });
    const deployment = (name: string) => ({ type: 'ServiceDeployment', name });
    await seed.reading({
      resource: deployment('a/prod'),
      type: 'deployment-dependencies',
      value: { dependencies: [EXPRESS, LODASH] },
    });
    await seed.reading({
      resource: deployment('a/qa'),
      type: 'deployment-dependencies',
      value: { dependencies: [EXPRESS, 42] },
    });
  });

  afterAll(() => database?.close());

  const sorted = (links: { deploymentName: string; versionName: string }[]) =>
    links.map(link => `${link.deploymentName} ${link.versionName}`).sort();

  it('gives the links of some deployments', async () => {
    const links = await readDependencyLinks({
      knex: database.knex,
      deploymentIds: [resourceId('ServiceDeployment', 'a/prod')],
    });
    expect(sorted(links)).toEqual([`a/prod ${EXPRESS}`, `a/prod ${LODASH}`]);
    expect(links[0].deploymentId).toBe(
      resourceId('ServiceDeployment', 'a/prod'),
    );
  });

  it('gives the deployments that link to some versions, ignoring elements that are not names', async () => {
    const links = await readDependencyLinks({
      knex: database.knex,
      versionNames: [EXPRESS, '42'],
    });
    expect(sorted(links)).toEqual([`a/prod ${EXPRESS}`, `a/qa ${EXPRESS}`]);
  });
});
