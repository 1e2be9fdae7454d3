import {
  PublishMessageInput,
  RESOURCE_TYPES,
  names,
} from '@cockpit/plugin-cockpit-common';
import type { Fleet } from './plan';

/** The SoftwareDependency and SoftwareDependencyVersion resources of the pool, with vulnerabilities. */
export function* generateDependencyMessages(
  fleet: Fleet,
): Generator<PublishMessageInput> {
  const collectedAt = fleet.now.toISOString();
  for (const [key, pkg] of fleet.packages.entries()) {
    const indexes = fleet.versionsByPackage[key];
    if (indexes.length === 0) continue;
    const dependency = names.softwareDependency({
      type: pkg.ecosystem,
      namespace: pkg.namespace,
      name: pkg.name,
    });
    yield {
      kind: 'resource',
      type: RESOURCE_TYPES.SoftwareDependency,
      name: dependency,
    };
    for (const [v, index] of indexes.entries()) {
      const purl = fleet.versions[index].purl;
      yield {
        kind: 'resource',
        type: RESOURCE_TYPES.SoftwareDependencyVersion,
        name: purl,
        parent: { type: RESOURCE_TYPES.SoftwareDependency, name: dependency },
      };
      const advisories = pkg.advisories?.[pkg.versions[v]];
      yield {
        kind: 'reading',
        type: 'vulnerabilities',
        storageMode: 'SNAPSHOT',
        resource: {
          type: RESOURCE_TYPES.SoftwareDependencyVersion,
          name: purl,
        },
        value: { items: advisories ?? [] },
        collectedAt,
      };
    }
  }
}
