import { resourceId } from '@cockpit/plugin-cockpit-common';
import { migrateLatest, migrateUpTo } from '@cockpit/migrations';
import { testDatabaseEngines } from './testing';

jest.setTimeout(120_000);

/** The package-URL functions as the first release of 20261202140000 made them: split at `$1`. */
const AS_FIRST_RELEASED = [
  `CREATE OR REPLACE FUNCTION cockpit_purl_package(purl text) RETURNS text
     LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
       SELECT regexp_replace(split_part(split_part(purl, '#', 1), '$1', 1), '@[^@]*$', '')
     $$`,
  `CREATE OR REPLACE FUNCTION cockpit_image_packages(value jsonb) RETURNS text[]
     LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
       SELECT coalesce(array_agg(DISTINCT regexp_replace(
                split_part(split_part(e->>'purl', '#', 1), '$1', 1), '@[^@]*$', '')), '{}')
         FROM jsonb_array_elements(CASE WHEN jsonb_typeof(value->'items') = 'array'
                                        THEN value->'items' ELSE '[]'::jsonb END) AS e
        WHERE jsonb_typeof(e->'purl') = 'string'
     $$`,
];

describe.each(testDatabaseEngines())(
  'the package URL migration on $name',
  engine => {
    it('mends a store whose functions split package URLs at "$1": functions and indexes', async () => {
      const database = await engine.open({ migrate: false });
      const { knex } = database;
      try {
        await migrateUpTo({ knex, name: 'change_feed' });
        for (const sql of AS_FIRST_RELEASED) await knex.raw(sql);
        await knex.raw('REINDEX INDEX readings_image_packages_gin');
        const image = resourceId('ContainerImage', 'docker.io/acme/shop:2');
        await knex('resources').insert({
          id: image,
          type: 'ContainerImage',
          name: 'docker.io/acme/shop:2',
        });
        const purls = [
          'pkg:deb/debian/curl?arch=amd64',
          'pkg:deb/debian/libc6@2.36-9?repository_url=https://ci@mirror.example.org/debian',
          'pkg:deb/debian/zlib1g@1.2.13#sub/dir',
        ];
        await knex('readings').insert({
          resource_id: image,
          type: 'image-vulnerabilities',
          storage_mode: 'SNAPSHOT',
          collected_at: new Date('2026-12-01T10:00:00Z'),
          value: JSON.stringify({
            source: 'image',
            scanner: 'trivy',
            items: purls.map((purl, i) => ({
              id: `CVE-${i}`,
              severity: 'HIGH',
              package: purl,
              class: 'os',
              purl,
            })),
          }),
        });
        // a fleet of other scans, so that the GIN index is the planner's way to the one above
        await knex.raw(
          `WITH images AS (
             INSERT INTO resources (id, type, name)
             SELECT gen_random_uuid(), 'ContainerImage', 'docker.io/acme/other:' || n
               FROM generate_series(1, 2000) AS n
             RETURNING id
           )
           INSERT INTO readings (resource_id, type, storage_mode, collected_at, value)
           SELECT id, 'image-vulnerabilities', 'SNAPSHOT', now(),
                  '{"source":"image","scanner":"trivy","items":[{"id":"CVE-9","severity":"LOW","package":"bash","class":"os","purl":"pkg:deb/debian/bash@5.2"}]}'
             FROM images`,
        );
        await knex.raw('ANALYZE readings');
        const expected = [
          'pkg:deb/debian/curl',
          'pkg:deb/debian/libc6',
          'pkg:deb/debian/zlib1g',
        ];
        // how many scans the index finds naming each package
        const byPackage = `SELECT count(*)::int AS n FROM readings
          WHERE type = 'image-vulnerabilities' AND storage_mode = 'SNAPSHOT'
            AND cockpit_image_packages(value) && ?::text[]`;
        const found = async () => {
          const plan = await knex.raw(`EXPLAIN ${byPackage}`, [expected]);
          expect(JSON.stringify(plan.rows)).toContain(
            'readings_image_packages_gin',
          );
          const counts = [];
          for (const pkg of expected)
            counts.push((await knex.raw(byPackage, [[pkg]])).rows[0].n);
          return counts;
        };
        expect(await found()).toEqual([0, 0, 1]);

        expect(await migrateLatest({ knex })).toEqual([
          '20261203090000_purl_package_qualifiers.js',
        ]);
        expect(
          (
            await knex.raw(
              `SELECT cockpit_image_packages(value) AS packages FROM readings`,
            )
          ).rows[0].packages,
        ).toEqual(expected);
        expect(
          (
            await knex.raw(`SELECT cockpit_purl_package(?) AS package`, [
              'pkg:deb/debian/curl?arch=amd64',
            ])
          ).rows[0].package,
        ).toBe('pkg:deb/debian/curl');
        expect(await found()).toEqual([1, 1, 1]);
      } finally {
        await database.close();
      }
    });
  },
);
