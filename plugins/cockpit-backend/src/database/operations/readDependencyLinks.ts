import type { DependencyLink } from '@cockpit/plugin-cockpit-node';
import { inForceAt, VERSION_AT } from '../asOf';
import { readRaw, ReadConnection } from '../prepared';

const DEPENDENCIES = `CASE WHEN jsonb_typeof(dd.value->'dependencies') = 'array' THEN dd.value->'dependencies' ELSE '[]'::jsonb END`;

type Keys =
  | { deploymentIds: readonly string[] }
  | { versionNames: readonly string[] };

/**
 * The "has a" links of current `deployment-dependencies` readings (or of the versions in force
 * at `asOf`), of some deployments or to some versions: one query. Each string of a reading's
 * `dependencies` is one link; other elements are no link.
 */
export async function readDependencyLinks(
  options: ReadConnection & { asOf?: Date } & Keys,
): Promise<DependencyLink[]> {
  const { asOf } = options;
  const byDeployment = 'deploymentIds' in options;
  const keys = [
    ...new Set(byDeployment ? options.deploymentIds : options.versionNames),
  ];
  if (keys.length === 0) return [];
  // By version: `\\?|` is jsonb's "contains any of these strings" operator, escaped from knex's
  // bindings; with the literal type it matches the partial GIN index `readings_deployment_dependencies_gin`
  // (as of a moment: `reading_versions_deployment_dependencies_gin`).
  // The names go in through a sub-select: shown a long literal array, the planner misjudges
  // the match as rare and filters every deployment's value instead (measured 7x slower for
  // the fleet's 130 vulnerable versions).
  const filter = byDeployment
    ? `dd.resource_id = ANY(?::uuid[])`
    : `(dd.value->'dependencies') \\?| (SELECT ?::text[]) AND dep.element #>> '{}' = ANY(?::text[])`;
  const filterBindings = byDeployment ? [keys] : [keys, keys];
  const linkColumns = `d.id AS "deploymentId", d.name AS "deploymentName", dep.element #>> '{}' AS "versionName"`;
  if (!asOf) {
    const { rows } = await readRaw(
      options,
      `SELECT ${linkColumns}
         FROM readings dd
         JOIN resources d ON d.id = dd.resource_id
         CROSS JOIN LATERAL jsonb_array_elements(${DEPENDENCIES}) AS dep(element)
        WHERE dd.type = 'deployment-dependencies' AND dd.storage_mode = 'SNAPSHOT'
          AND jsonb_typeof(dep.element) = 'string'
          AND ${filter}`,
      filterBindings,
    );
    return rows as DependencyLink[];
  }
  if (byDeployment) {
    // As of T, of some deployments: the version in force at T of each, one probe each.
    const { rows } = await readRaw(
      options,
      `SELECT ${linkColumns}
         FROM unnest(?::uuid[]) AS k(resource_id)
         CROSS JOIN (SELECT 'deployment-dependencies'::text AS type) AS t
         CROSS JOIN LATERAL ${VERSION_AT} AS dd
         JOIN resources d ON d.id = dd.resource_id
         CROSS JOIN LATERAL jsonb_array_elements(${DEPENDENCIES}) AS dep(element)
        WHERE jsonb_typeof(dep.element) = 'string'`,
      [keys, asOf],
    );
    return rows as DependencyLink[];
  }
  // As of T, to some versions: the versions listing them (through the GIN index) that began by
  // T and were not replaced by T (no later version of the key began by T), a probe each.
  const { rows } = await readRaw(
    options,
    `SELECT ${linkColumns}
       FROM reading_versions dd
       JOIN resources d ON d.id = dd.resource_id
       CROSS JOIN LATERAL jsonb_array_elements(${DEPENDENCIES}) AS dep(element)
      WHERE dd.type = 'deployment-dependencies' AND ${inForceAt('dd')}
        AND jsonb_typeof(dep.element) = 'string'
        AND ${filter}`,
    [asOf, asOf, ...filterBindings],
  );
  return rows as DependencyLink[];
}
