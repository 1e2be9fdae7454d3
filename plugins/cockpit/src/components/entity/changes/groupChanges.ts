import type { Change } from '@cockpit/plugin-cockpit-common';

/** The changes of one resource, newest first. */
export interface ResourceChanges {
  resource: Change['resource'];
  changes: Change[];
}

/**
 * The changes grouped by resource, keeping the feed's order: the resource whose newest
 * change is the most recent comes first, and each group lists its changes newest first.
 */
export function groupChangesByResource(changes: Change[]): ResourceChanges[] {
  const groups = new Map<string, ResourceChanges>();
  for (const change of changes) {
    const group = groups.get(change.resource.id);
    if (group) group.changes.push(change);
    else
      groups.set(change.resource.id, {
        resource: change.resource,
        changes: [change],
      });
  }
  return [...groups.values()];
}
