import type { Knex } from 'knex';
import type { DependencyLink } from '@cockpit/plugin-cockpit-node';

const DEPENDENCIES = `CASE WHEN jsonb_typeof(dd.value->'dependencies') = 'array' THEN dd.value->'dependencies' ELSE '[]'::jsonb END`;

/**
 * The "has a" links of current `deployment-dependencies` readings, of some deployments or to
 * some versions: one query. Each string of a reading's `dependencies` is one link; other
 * elements are no link.
 */
export async function readDependencyLinks(
  options: { knex: Knex } & (
    | { deploymentIds: readonly string[] }
    | { versionNames: readonly string[] }
  ),
): Promise<DependencyLink[]> {
  const { knex } = options;
  const byDeployment = 'deploymentIds' in options;
  const keys = [
    ...new Set(byDeployment ? options.deploymentIds : options.versionNames),
  ];
  if (keys.length === 0) return [];
  // By version: `\\?|` is jsonb's "contains any of these strings" operator, escaped from knex's
  // bindings; with the literal type it matches the partial GIN index `readings_deployment_dependencies_gin`.
  // The names go in through a sub-select: shown a long literal array, the planner misjudges
  // the match as rare and filters every deployment's value instead (measured 7x slower for
  // the fleet's 130 vulnerable versions).
  const filter = byDeployment
    ? `dd.resource_id = ANY(?::uuid[])`
    : `(dd.value->'dependencies') \\?| (SELECT ?::text[]) AND dep.element #>> '{}' = ANY(?::text[])`;
  const { rows } = await knex.raw(
    `SELECT d.id AS "deploymentId", d.name AS "deploymentName", dep.element #>> '{}' AS "versionName"
       FROM readings dd
       JOIN resources d ON d.id = dd.resource_id
       CROSS JOIN LATERAL jsonb_array_elements(${DEPENDENCIES}) AS dep(element)
      WHERE dd.type = 'deployment-dependencies' AND dd.storage_mode = 'SNAPSHOT'
        AND jsonb_typeof(dep.element) = 'string'
        AND ${filter}`,
    byDeployment ? [keys] : [keys, keys],
  );
  return rows as DependencyLink[];
}
