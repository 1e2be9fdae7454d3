import { isDeepStrictEqual } from 'node:util';
import type { Knex } from 'knex';
import { resourceId } from '@cockpit/plugin-cockpit-common';

/** One version of a seeded key: its value from `at`. */
export interface SeedVersion {
  at: Date;
  value: unknown;
  collector?: string;
  source?: string;
}

/**
 * Writes the history of one SNAPSHOT reading straight into the store, as the sink leaves it
 * (HISTORY-DESIGN.md): its versions in `reading_versions` and the current `readings` row, whose
 * value is the last version's, `value_since` that version's start, and `collected_at` its latest
 * observation (`lastSeenAt`, default: the last version's start).
 * @throws Error when the versions break the canonical form (unordered, or two equal values in a row)
 */
export async function seedHistory(
  knex: Knex,
  options: {
    resource: { type: string; name: string };
    type: string;
    versions: SeedVersion[];
    lastSeenAt?: Date;
  },
): Promise<void> {
  const { versions } = options;
  const last = versions[versions.length - 1];
  if (!last) throw new Error('seedHistory: no versions');
  versions.forEach((version, i) => {
    const previous = versions[i - 1];
    if (previous && previous.at.getTime() >= version.at.getTime())
      throw new Error(
        `seedHistory: versions of ${options.type} not in time order`,
      );
    if (previous && isDeepStrictEqual(previous.value, version.value))
      throw new Error(
        `seedHistory: two equal versions of ${options.type} in a row`,
      );
  });
  const id = resourceId(options.resource.type, options.resource.name);
  await knex('reading_versions').insert(
    versions.map(version => ({
      resource_id: id,
      type: options.type,
      valid_from: version.at,
      value: JSON.stringify(version.value),
      collector: version.collector ?? 'test-collector',
      source: version.source ?? 'local',
    })),
  );
  await knex('readings').insert({
    resource_id: id,
    type: options.type,
    value: JSON.stringify(last.value),
    storage_mode: 'SNAPSHOT',
    collected_at: options.lastSeenAt ?? last.at,
    value_since: last.at,
    collector: last.collector ?? 'test-collector',
    source: last.source ?? 'local',
  });
}

/** A resource housekeeping deleted: gone from `resources`, its tombstone left. */
export async function seedTombstone(
  knex: Knex,
  options: {
    type: string;
    name: string;
    parent?: { type: string; name: string };
    createdOn: Date;
    deletedOn: Date;
  },
): Promise<void> {
  await knex('resource_tombstones').insert({
    id: resourceId(options.type, options.name),
    type: options.type,
    name: options.name,
    parent_id: options.parent
      ? resourceId(options.parent.type, options.parent.name)
      : null,
    created_on: options.createdOn,
    deleted_on: options.deletedOn,
    reason: 'test',
  });
}
