import type { Resource } from '@cockpit/plugin-cockpit-common';

/**
 * SQL of "as of" reads (contract section 7.4), shared by the operations.
 *
 * A resource existed at T when it was created by then, or it or one of its children has a
 * version that began by then (a collector may publish a past `collectedAt`, so `created_on`
 * alone is not enough; and a deployment known at T implies its service). Takes three
 * bindings: T, T, T.
 */
export function existedAt(alias: string): string {
  return `(${alias}.created_on <= ?::timestamptz
    OR EXISTS (SELECT 1 FROM reading_versions ev
                WHERE ev.resource_id = ${alias}.id AND ev.valid_from <= ?::timestamptz)
    OR EXISTS (SELECT 1 FROM resources ec JOIN reading_versions ev ON ev.resource_id = ec.id
                WHERE ec.parent_id = ${alias}.id AND ev.valid_from <= ?::timestamptz))`;
}

/** The bindings of {@link existedAt}. */
export function existedAtBindings(asOf: Date): [Date, Date, Date] {
  return [asOf, asOf, asOf];
}

/**
 * A resource as of T: its last sighting as known then is at most T (the store keeps only the
 * latest sighting, so a later one is shown as T).
 */
export function resourceAsOf(resource: Resource, asOf?: Date): Resource {
  if (!asOf || Date.parse(resource.lastSeenOn) <= asOf.getTime())
    return resource;
  return { ...resource, lastSeenOn: asOf.toISOString() };
}

/**
 * The version of one (resource, type) in force at T: the last with valid_from <= T, one probe
 * of the primary key. For a LATERAL join: `resourceId` and `type` are SQL expressions of the
 * outer query. Takes one binding: T.
 */
export function versionAt(
  resourceId: string,
  type: string,
  columns = 'v.resource_id, v.type, v.value, v.valid_from, v.collector, v.source',
): string {
  return `(
  SELECT ${columns}
    FROM reading_versions v
   WHERE v.resource_id = ${resourceId} AND v.type = ${type} AND v.valid_from <= ?::timestamptz
   ORDER BY v.valid_from DESC
   LIMIT 1
)`;
}

/** {@link versionAt} for a LATERAL join on `k.resource_id` and `t.type`; takes one binding: T. */
export const VERSION_AT = versionAt('k.resource_id', 't.type');

/**
 * The predicate "the version `alias` of reading_versions was in force at T": it began by T and
 * no later version of its reading began by T (a probe of the primary key). For versions found
 * by their value (through an index) rather than by their key. Takes two bindings: T, T.
 */
export function inForceAt(alias: string): string {
  return `(${alias}.valid_from <= ?::timestamptz AND NOT EXISTS (
    SELECT 1 FROM reading_versions n
     WHERE n.resource_id = ${alias}.resource_id AND n.type = ${alias}.type
       AND n.valid_from > ${alias}.valid_from AND n.valid_from <= ?::timestamptz))`;
}
