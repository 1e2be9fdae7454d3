import { isDeepStrictEqual } from 'node:util';
import {
  Change,
  Resource,
  resourceId,
  ServiceEvent,
  Severity,
} from '@cockpit/plugin-cockpit-common';
import type { CockpitStore } from '@cockpit/plugin-cockpit-node';
import { severityRank } from './counts';

/** The field whose change names a change of these types (`deployment-info.version 1.0 -> 1.1`). */
const HEADLINE_FIELDS: Record<string, string> = {
  'deployment-info': 'version',
  health: 'status',
  ownership: 'team',
  'tech-stack': 'language',
  'jvm-runtime': 'javaVersion',
};

/** At most this many fields are named in a title; the rest are counted. */
const MAX_FIELDS = 3;

function show(value: unknown): string {
  if (value === undefined || value === null) return '(none)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** One field's change in a few words: `a -> b` for scalars, `+n -m` for lists. */
function fieldChange(before: unknown, after: unknown): string {
  if (Array.isArray(before) || Array.isArray(after)) {
    const was = new Set(
      (Array.isArray(before) ? before : []).map(v => JSON.stringify(v)),
    );
    const now = new Set(
      (Array.isArray(after) ? after : []).map(v => JSON.stringify(v)),
    );
    const added = [...now].filter(v => !was.has(v)).length;
    const removed = [...was].filter(v => !now.has(v)).length;
    return `+${added} -${removed}`;
  }
  if (asObject(before) || asObject(after)) return 'changed';
  return `${show(before)} -> ${show(after)}`;
}

/**
 * A one-line summary of a reading's change, field by field: its headline field when that
 * changed (`deployment-info.version 1.76.98 -> 1.77.5`), else the fields that changed.
 */
export function summarizeChange(change: Change): string {
  const type = change.readingType ?? '';
  const before = asObject(change.before) ?? {};
  const after = asObject(change.after);
  if (!after) return `${type} ${show(change.before)} -> ${show(change.after)}`;
  const headline = HEADLINE_FIELDS[type];
  if (headline && !isDeepStrictEqual(before[headline], after[headline])) {
    return change.kind === 'created'
      ? `${type}.${headline} ${show(after[headline])} (first)`
      : `${type}.${headline} ${fieldChange(before[headline], after[headline])}`;
  }
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter(field => !isDeepStrictEqual(before[field], after[field]))
    .sort();
  if (fields.length === 0) return `${type} changed`;
  if (fields.length === 1)
    return `${type}.${fields[0]} ${fieldChange(
      before[fields[0]!],
      after[fields[0]!],
    )}`;
  const named = fields
    .slice(0, MAX_FIELDS)
    .map(field => `${field} ${fieldChange(before[field], after[field])}`);
  const more = fields.length - MAX_FIELDS;
  return `${type}: ${named.join(', ')}${more > 0 ? `, ${more} more` : ''}`;
}

interface Advisory {
  id: string;
  severity: Severity;
}

function advisoriesOf(value: unknown): Advisory[] {
  const items = asObject(value)?.items;
  return Array.isArray(items)
    ? items.filter((a): a is Advisory => typeof asObject(a)?.id === 'string')
    : [];
}

function dependenciesOf(value: unknown): string[] {
  const list = asObject(value)?.dependencies;
  return Array.isArray(list)
    ? list.filter((d): d is string => typeof d === 'string')
    : [];
}

function changeEvent(
  change: Change,
  title: string,
  extra?: Partial<ServiceEvent>,
): ServiceEvent {
  return {
    id: `change:${change.resource.id}:${change.readingType ?? 'deleted'}:${
      change.at
    }`,
    at: change.at,
    kind: 'change',
    title,
    severity: null,
    resourceId: change.resource.id,
    resourceType: change.resource.type,
    resourceName: change.resource.name,
    subject: null,
    value: {
      change: change.kind,
      readingType: change.readingType,
      before: change.before,
      after: change.after,
      collector: change.collector,
    },
    ...extra,
  };
}

/**
 * Which versions each deployment carried at any time of the window: the links in force at
 * its end, walked back through the window's `deployment-dependencies` changes (newest first).
 */
function carriersOf(
  deployments: Resource[],
  links: { deploymentId: string; versionName: string }[],
  changes: Change[],
) {
  const atEnd = new Map<string, string[]>(deployments.map(d => [d.id, []]));
  for (const link of links)
    atEnd.get(link.deploymentId)?.push(link.versionName);
  const dependencyChanges = changes.filter(
    c => c.readingType === 'deployment-dependencies',
  );
  /** The deployments carrying `versionName` at `at`. */
  return (versionName: string, at: string): Resource[] =>
    deployments.filter(deployment => {
      // the earliest change of the deployment after `at` tells what it carried at `at`
      const next = dependencyChanges
        .filter(c => c.resource.id === deployment.id && c.at > at)
        .at(-1);
      const carried = next
        ? dependenciesOf(next.before)
        : atEnd.get(deployment.id)!;
      return carried.includes(versionName);
    });
}

/**
 * The event of a version's `vulnerabilities` change for the deployments carrying it then:
 * advisories new and gone, its severity the worst new one; none when nobody carried it or no
 * advisory came or went.
 */
function advisoryEvent(
  change: Change,
  carrying: Resource[],
): ServiceEvent | undefined {
  if (carrying.length === 0) return undefined;
  const was = new Set(advisoriesOf(change.before).map(a => a.id));
  const now = advisoriesOf(change.after);
  const added = now.filter(a => !was.has(a.id));
  const gone = [...was].filter(id => !now.some(a => a.id === id));
  if (added.length === 0 && gone.length === 0) return undefined;
  const parts = [
    ...(added.length
      ? [`new ${added.map(a => `${a.id} (${a.severity})`).join(', ')}`]
      : []),
    ...(gone.length ? [`gone ${gone.join(', ')}`] : []),
  ];
  const worst = added
    .map(a => a.severity)
    .sort((a, b) => severityRank(a) - severityRank(b))[0];
  return changeEvent(
    change,
    `vulnerabilities ${parts.join('; ')} on ${
      change.resource.name
    }, carried by ${carrying.map(d => d.name).join(', ')}`,
    {
      severity: worst ?? null,
      subject: { type: 'ServiceDeployment', name: carrying[0]!.name },
    },
  );
}

/**
 * The `change` events of a service in [from, to): the changes of its subtree (deleted resources
 * included), and new or gone advisories of the versions its deployments carried then. Four
 * store reads whatever the size of the subtree: its changes and its deployments' dependency
 * links together, then the vulnerabilities changes of every version they name.
 */
export async function changeEvents(options: {
  store: CockpitStore;
  serviceId: string;
  tree: Resource[];
  from: Date;
  to: Date;
  limit: number;
}): Promise<{ items: ServiceEvent[]; truncated: boolean }> {
  const { store, from, to, limit } = options;
  const deployments = options.tree.filter(r => r.type === 'ServiceDeployment');
  const [changes, links] = await Promise.all([
    store.listChanges({
      serviceId: options.serviceId,
      since: from,
      until: to,
      limit,
    }),
    store.readDependencyLinks({
      deploymentIds: deployments.map(d => d.id),
      // the window's end, never past the moment the store answers for
      asOf: new Date(Math.min(to.getTime(), store.now().getTime())),
    }),
  ]);
  const versionNames = new Set(links.map(link => link.versionName));
  for (const change of changes.items)
    if (change.readingType === 'deployment-dependencies')
      for (const value of [change.before, change.after])
        dependenciesOf(value).forEach(name => versionNames.add(name));
  const vulnerabilityChanges = versionNames.size
    ? await store.listChanges({
        resourceIds: [...versionNames].map(name =>
          resourceId('SoftwareDependencyVersion', name),
        ),
        readingType: 'vulnerabilities',
        since: from,
        until: to,
        limit,
      })
    : { items: [] };
  const carriedBy = carriersOf(deployments, links, changes.items);
  const items = changes.items.map(change =>
    changeEvent(
      change,
      change.kind === 'deleted'
        ? `${change.resource.type} ${change.resource.name} deleted`
        : `${summarizeChange(change)} on ${change.resource.name}`,
    ),
  );
  for (const change of vulnerabilityChanges.items) {
    const event = advisoryEvent(
      change,
      carriedBy(change.resource.name, change.at),
    );
    if (event) items.push(event);
  }
  return {
    items,
    truncated: Boolean(
      changes.nextCursor ||
        ('nextCursor' in vulnerabilityChanges &&
          vulnerabilityChanges.nextCursor),
    ),
  };
}
