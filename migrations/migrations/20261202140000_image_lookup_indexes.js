// @ts-check

/**
 * "Who uses this package" through the container images, now and as of a moment, without
 * reading every image scan and every deployment's image list:
 * - `cockpit_purl_package(purl)`: a package URL without version, qualifiers and subpath
 *   (`pkg:deb/debian/openssl@3.0.11?arch=amd64` -> `pkg:deb/debian/openssl`);
 * - `cockpit_image_packages(value)`: the packages an `image-vulnerabilities` value names, so;
 *   GIN-indexed on the current scans and on their versions;
 * - the images of `deployment-images` values, GIN-indexed for jsonb's `?` (a deployment
 *   running this image), current and versions.
 * Each index is partial to its one reading type, so no other write pays for it.
 * (`\\?` is a literal `?`: knex.raw reads a bare one as a binding. As first released this file
 * had bare ones, and the functions split at the text `$1`; 20261203090000 mends such stores.)
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(
    `CREATE FUNCTION cockpit_purl_package(purl text) RETURNS text
       LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
         SELECT regexp_replace(split_part(split_part(purl, '#', 1), '\\?', 1), '@[^@]*$', '')
       $$`,
  );
  await knex.raw(
    `COMMENT ON FUNCTION cockpit_purl_package(text) IS 'a package URL without version, qualifiers and subpath'`,
  );
  // The index expression restates cockpit_purl_package rather than calling it: PostgreSQL 17
  // builds and maintains indexes with a search_path of pg_catalog only, where an unqualified
  // call to a function of ours would not be found.
  await knex.raw(
    `CREATE FUNCTION cockpit_image_packages(value jsonb) RETURNS text[]
       LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
         SELECT coalesce(array_agg(DISTINCT regexp_replace(
                  split_part(split_part(e->>'purl', '#', 1), '\\?', 1), '@[^@]*$', '')), '{}')
           FROM jsonb_array_elements(CASE WHEN jsonb_typeof(value->'items') = 'array'
                                          THEN value->'items' ELSE '[]'::jsonb END) AS e
          WHERE jsonb_typeof(e->'purl') = 'string'
       $$`,
  );
  await knex.raw(
    `COMMENT ON FUNCTION cockpit_image_packages(jsonb) IS 'the package URLs without version an image-vulnerabilities value names (readDeploymentImages by package)'`,
  );
  const indexes = [
    [
      'readings_image_packages_gin',
      `readings USING gin (cockpit_image_packages(value))
        WHERE type = 'image-vulnerabilities' AND storage_mode = 'SNAPSHOT'`,
      'who uses a package: the current image scans naming it',
    ],
    [
      'reading_versions_image_packages_gin',
      `reading_versions USING gin (cockpit_image_packages(value))
        WHERE type = 'image-vulnerabilities'`,
      'who used a package as of a moment: the image scan versions naming it',
    ],
    [
      'readings_deployment_images_gin',
      `readings USING gin ((value->'images'))
        WHERE type = 'deployment-images' AND storage_mode = 'SNAPSHOT'`,
      'the deployments running an image now',
    ],
    [
      'reading_versions_deployment_images_gin',
      `reading_versions USING gin ((value->'images'))
        WHERE type = 'deployment-images'`,
      'the deployments running an image as of a moment',
    ],
  ];
  for (const [name, definition, comment] of indexes) {
    await knex.raw(`CREATE INDEX ${name} ON ${definition}`);
    await knex.raw(`COMMENT ON INDEX ${name} IS '${comment}'`);
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  for (const name of [
    'reading_versions_deployment_images_gin',
    'readings_deployment_images_gin',
    'reading_versions_image_packages_gin',
    'readings_image_packages_gin',
  ])
    await knex.raw(`DROP INDEX IF EXISTS ${name}`);
  await knex.raw('DROP FUNCTION IF EXISTS cockpit_image_packages(jsonb)');
  await knex.raw('DROP FUNCTION IF EXISTS cockpit_purl_package(text)');
};
