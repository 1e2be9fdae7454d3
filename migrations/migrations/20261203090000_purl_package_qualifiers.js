// @ts-check

/**
 * Mends `cockpit_purl_package` and `cockpit_image_packages` as 20261202140000 first made them:
 * its SQL went through knex.raw with a bare `?`, which knex took for a binding, so the
 * functions split a package URL at the text `$1` rather than at its qualifiers. A package URL
 * without a version but with qualifiers (`pkg:deb/debian/curl?arch=amd64`), or with an `@` in
 * a qualifier, then named no package the store could look up, and "who uses this package"
 * missed the images whose scans said so.
 *
 * The functions are replaced and the two GIN indexes over `cockpit_image_packages` rebuilt
 * from them. REINDEX holds a lock that blocks writes to `readings` and `reading_versions`
 * while it scans them (seconds per million versions); the sink's deliveries wait or are
 * redelivered, so nothing is lost.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // `\\?` is a literal `?` (see above)
  await knex.raw(
    `CREATE OR REPLACE FUNCTION cockpit_purl_package(purl text) RETURNS text
       LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
         SELECT regexp_replace(split_part(split_part(purl, '#', 1), '\\?', 1), '@[^@]*$', '')
       $$`,
  );
  await knex.raw(
    `CREATE OR REPLACE FUNCTION cockpit_image_packages(value jsonb) RETURNS text[]
       LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
         SELECT coalesce(array_agg(DISTINCT regexp_replace(
                  split_part(split_part(e->>'purl', '#', 1), '\\?', 1), '@[^@]*$', '')), '{}')
           FROM jsonb_array_elements(CASE WHEN jsonb_typeof(value->'items') = 'array'
                                          THEN value->'items' ELSE '[]'::jsonb END) AS e
          WHERE jsonb_typeof(e->'purl') = 'string'
       $$`,
  );
  await knex.raw('REINDEX INDEX readings_image_packages_gin');
  await knex.raw('REINDEX INDEX reading_versions_image_packages_gin');
};

/**
 * Nothing to undo: the functions' earlier text was a defect, and 20261202140000's down drops
 * them whatever their text.
 *
 * @param {import('knex').Knex} _knex
 */
exports.down = async function down(_knex) {};
