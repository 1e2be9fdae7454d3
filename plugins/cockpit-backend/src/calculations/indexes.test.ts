import { CockpitDatabase, testDatabaseEngines } from '@cockpit/store';
import { Seeder } from '../__testUtils__/seed';
import { KnexCockpitStore } from '../database/KnexCockpitStore';
import { dependencyUsageCalculation } from './dependencyUsage';
import { fleetVulnerabilitiesCalculation } from './fleetVulnerabilities';
import { serviceEventsCalculation } from './serviceEvents';

jest.setTimeout(60_000);

/**
 * The plans of every query a calculation runs, with sequential scans discouraged and,
 * optionally, some indexes dropped for the duration (in a transaction rolled back after), to
 * ask whether one particular index can serve a query when a more general one would do.
 */
async function plansOf(
  database: CockpitDatabase,
  run: () => Promise<unknown>,
  options: { withoutIndexes?: string[] } = {},
): Promise<string[]> {
  const queries: { sql: string; bindings: unknown[] }[] = [];
  const listener = (query: { sql: string; bindings: unknown[] }) =>
    queries.push(query);
  database.knex.on('query', listener);
  try {
    await run();
  } finally {
    database.knex.off('query', listener);
  }
  const client = database.knex.client as any;
  const connection = await client.acquireConnection();
  try {
    // tiny test tables would always be scanned; this asks whether an index CAN serve the query
    await connection.query('BEGIN');
    await connection.query('SET LOCAL enable_seqscan = off');
    for (const index of options.withoutIndexes ?? [])
      await connection.query(`DROP INDEX ${index}`);
    const plans: string[] = [];
    for (const query of queries) {
      const result = await connection.query(
        `EXPLAIN ${query.sql}`,
        query.bindings,
      );
      plans.push(
        result.rows
          .map((row: { 'QUERY PLAN': string }) => row['QUERY PLAN'])
          .join('\n'),
      );
    }
    return plans;
  } finally {
    await connection.query('ROLLBACK');
    await client.releaseConnection(connection);
  }
}

describe.each(testDatabaseEngines())(
  'indexes serving the calculations on $name',
  engine => {
    let database: CockpitDatabase;

    beforeAll(async () => {
      database = await engine.open();
      const seed = new Seeder(database.knex);
      await seed.service({
        service: 's',
        environments: ['prod'],
        instances: 1,
      });
      const version = await seed.dependencyVersion('pkg:npm/express@4.18.2');
      await seed.reading({
        resource: { type: 'ServiceDeployment', name: 's/prod' },
        type: 'deployment-dependencies',
        value: { dependencies: [version] },
      });
      // A fleet around it, so the planner weighs the indexes as on a real store rather than
      // picking whichever index is first on near-empty tables.
      await database.knex.raw(
        `INSERT INTO resources (id, type, name)
       SELECT gen_random_uuid(), 'ServiceDeployment', 'other-' || n || '/prod' FROM generate_series(1, 3000) n`,
      );
      await database.knex.raw(
        `INSERT INTO readings (type, resource_id, value, storage_mode, collected_at)
       SELECT 'deployment-dependencies', r.id,
              jsonb_build_object('dependencies', (
                SELECT jsonb_agg('pkg:npm/lib-' || ((length(r.name) * 7 + k) % 500) || '@1.' || k || '.0')
                FROM generate_series(1, 20) k)),
              'SNAPSHOT', now()
       FROM resources r WHERE r.name LIKE 'other-%'`,
      );
      await database.knex.raw(
        `INSERT INTO readings (type, resource_id, value, storage_mode, collected_at)
       SELECT 'service-event', r.id, jsonb_build_object('kind', 'deployment'), 'TIME_SERIES',
              now() - make_interval(hours => k * 7)
       FROM (SELECT id FROM resources WHERE name LIKE 'other-%' LIMIT 400) r, generate_series(1, 40) k`,
      );
      await database.knex.raw('ANALYZE');
    });

    afterAll(async () => {
      await database?.close();
    });

    it('dependency-usage finds deployments through the GIN index on deployment-dependencies', async () => {
      // On small tables the planner prefers the btree indexes leading with type; take them away
      // to prove the query's expression and predicate still match the GIN index that serves
      // large fleets.
      const plans = await plansOf(
        database,
        () =>
          dependencyUsageCalculation.run({
            store: KnexCockpitStore.create({ knex: database.knex }),
            unsafeKnex: () => database.knex,
            params: dependencyUsageCalculation.params.parse({
              package: 'pkg:npm/express',
            }),
          }),
        {
          withoutIndexes: [
            'readings_snapshot_type_idx',
            'readings_snapshot_key',
          ],
        },
      );
      expect(
        plans.some(plan =>
          plan.includes('readings_deployment_dependencies_gin'),
        ),
      ).toBe(true);
    });

    it('fleet-vulnerabilities reads only the non-empty vulnerabilities, through readings_with_items_idx', async () => {
      await database.knex.raw(
        `INSERT INTO resources (id, type, name)
       SELECT gen_random_uuid(), 'SoftwareDependencyVersion', 'pkg:npm/lib-' || n || '@1.0.0' FROM generate_series(1, 2000) n`,
      );
      await database.knex.raw(
        `INSERT INTO readings (type, resource_id, value, storage_mode, collected_at)
       SELECT 'vulnerabilities', r.id,
              CASE WHEN r.name LIKE 'pkg:npm/lib-1_@%' THEN '{"items":[{"id":"CVE-1","severity":"LOW","summary":"s"}]}'::jsonb
                   ELSE '{"items":[]}'::jsonb END,
              'SNAPSHOT', now()
       FROM resources r WHERE r.type = 'SoftwareDependencyVersion'
       ON CONFLICT DO NOTHING`,
      );
      await database.knex.raw('ANALYZE readings');
      const plans = await plansOf(
        database,
        () =>
          fleetVulnerabilitiesCalculation.run({
            store: KnexCockpitStore.create({ knex: database.knex }),
            unsafeKnex: () => database.knex,
            params: fleetVulnerabilitiesCalculation.params.parse({}),
          }),
        // the general index by type would do too; without it, the partial one must serve
        { withoutIndexes: ['readings_snapshot_type_idx'] },
      );
      // the first query reads the vulnerable versions
      expect(plans[0]).toContain('readings_with_items_idx');
    });

    it('dependency-usage finds the images naming a package and the deployments running them through GIN indexes, now and as of a moment', async () => {
      // 500 images, each scan naming a package of its own; each other deployment runs one
      await database.knex.raw(
        `INSERT INTO resources (id, type, name)
       SELECT gen_random_uuid(), 'ContainerImage', 'docker.io/acme/app-' || n || ':1' FROM generate_series(0, 499) n`,
      );
      const values = `
       SELECT 'image-vulnerabilities' AS type, r.id AS resource_id,
              jsonb_build_object('source', 'image', 'items', jsonb_build_array(jsonb_build_object(
                'id', 'CVE-1', 'severity', 'LOW', 'summary', 's', 'package', 'p', 'class', 'os',
                'purl', 'pkg:deb/debian/lib-' || md5(r.name) || '@1.0'))) AS value
         FROM resources r WHERE r.type = 'ContainerImage'
       UNION ALL
       SELECT 'deployment-images', r.id,
              jsonb_build_object('images', jsonb_build_array('docker.io/acme/app-' || (length(r.name) * 7 % 500) || ':1'))
         FROM resources r WHERE r.name LIKE 'other-%'`;
      await database.knex.raw(
        `INSERT INTO readings (type, resource_id, value, storage_mode, collected_at)
         SELECT type, resource_id, value, 'SNAPSHOT', now() - interval '2 days' FROM (${values}) x`,
      );
      await database.knex.raw(
        `INSERT INTO reading_versions (type, resource_id, value, valid_from)
         SELECT type, resource_id, value, now() - interval '2 days' FROM (${values}) x`,
      );
      await database.knex.raw('ANALYZE');
      const usage = (asOf?: Date) => {
        const store = KnexCockpitStore.create({ knex: database.knex });
        return dependencyUsageCalculation.run({
          store: asOf ? store.asOf(asOf) : store,
          unsafeKnex: () => database.knex,
          params: dependencyUsageCalculation.params.parse({
            package: 'pkg:deb/debian/openssl',
          }),
        });
      };
      // the general index by type would do too; without it, the GIN ones must serve
      const withoutIndexes = ['readings_snapshot_type_idx'];
      const now = (
        await plansOf(database, () => usage(), { withoutIndexes })
      ).join('\n');
      expect(now).toContain('readings_image_packages_gin');
      expect(now).toContain('readings_deployment_images_gin');
      const then = (
        await plansOf(database, () => usage(new Date(Date.now() - 3600e3)), {
          withoutIndexes,
        })
      ).join('\n');
      expect(then).toContain('reading_versions_image_packages_gin');
      expect(then).toContain('reading_versions_deployment_images_gin');
    });

    it('the fleet-wide change feed reads a page as the first rows of reading_versions_feed_idx, without sorting the window', async () => {
      // one moment shared by many versions, as a collector run stamps its readings
      await database.knex.raw(
        `INSERT INTO reading_versions (type, resource_id, value, valid_from)
         SELECT 'deployment-info', r.id, '{"version":"1"}'::jsonb, now() - interval '1 hour'
           FROM resources r WHERE r.name LIKE 'other-%'
         ON CONFLICT DO NOTHING`,
      );
      await database.knex.raw('ANALYZE reading_versions');
      const store = KnexCockpitStore.create({ knex: database.knex });
      const since = new Date(Date.now() - 24 * 3600e3);
      const [plan] = await plansOf(database, () =>
        store.listChanges({ since, limit: 10 }),
      );
      // the page is the index's first rows: a Limit right on the scan, no sort of the window
      // between (the page itself is sorted afterwards, for the previous value of each key)
      expect(plan).toMatch(
        /Limit[^\n]*\n\s*-> {2}Index Scan using reading_versions_feed_idx on reading_versions v /,
      );
    });

    it("service-events reads each resource's points through the time-series key", async () => {
      const plans = await plansOf(database, () =>
        serviceEventsCalculation.run({
          store: KnexCockpitStore.create({ knex: database.knex }),
          unsafeKnex: () => database.knex,
          params: serviceEventsCalculation.params.parse({ service: 's' }),
        }),
      );
      const eventPlans = plans.filter(plan => plan.includes('service-event'));
      expect(eventPlans).toHaveLength(2);
      for (const plan of eventPlans)
        expect(plan).toContain('readings_time_series_key');
    });
  },
);
