import type { Knex } from 'knex';
import { names, resourceId } from '@cockpit/plugin-cockpit-common';

/**
 * Test fixtures written straight into the store's tables (the ingest path has its own tests
 * in the sink); ids are the contract's deterministic ids.
 */
export class Seeder {
  constructor(private readonly knex: Knex) {}

  async resource(options: {
    type: string;
    name: string;
    parent?: { type: string; name: string };
    createdOn?: Date;
    lastSeenOn?: Date;
  }): Promise<string> {
    const id = resourceId(options.type, options.name);
    await this.knex('resources')
      .insert({
        id,
        type: options.type,
        name: options.name,
        parent_id: options.parent
          ? resourceId(options.parent.type, options.parent.name)
          : null,
        ...(options.createdOn ? { created_on: options.createdOn } : {}),
        ...(options.lastSeenOn ? { last_seen_on: options.lastSeenOn } : {}),
      })
      .onConflict(['type', 'name'])
      .ignore();
    return id;
  }

  async reading(options: {
    resource: { type: string; name: string };
    type: string;
    value: unknown;
    storageMode?: 'SNAPSHOT' | 'TIME_SERIES';
    collectedAt?: Date;
  }): Promise<void> {
    await this.knex('readings').insert({
      resource_id: resourceId(options.resource.type, options.resource.name),
      type: options.type,
      value: JSON.stringify(options.value),
      storage_mode: options.storageMode ?? 'SNAPSHOT',
      collected_at: options.collectedAt ?? new Date(),
    });
  }

  /** A service with one deployment per environment and `instances` instances each. */
  async service(options: {
    service: string;
    environments: string[];
    instances?: number;
  }): Promise<void> {
    const service = names.service(options);
    await this.resource({ type: 'Service', name: service });
    for (const environment of options.environments) {
      const deployment = names.serviceDeployment({ service, environment });
      await this.resource({
        type: 'ServiceDeployment',
        name: deployment,
        parent: { type: 'Service', name: service },
      });
      for (let i = 0; i < (options.instances ?? 0); i++) {
        await this.resource({
          type: 'ServiceInstance',
          name: names.serviceInstance({
            service,
            environment,
            instanceId: `i-${i}`,
          }),
          parent: { type: 'ServiceDeployment', name: deployment },
        });
      }
    }
  }

  /** A dependency version (and its package) with the given advisories. */
  async dependencyVersion(
    purl: string,
    advisories: Array<{
      id: string;
      severity: string;
      summary?: string;
      fixedIn?: string[];
    }> = [],
  ) {
    const name = names.softwareDependencyVersion({ purl });
    const packageName = names.softwareDependency({ purl });
    await this.resource({ type: 'SoftwareDependency', name: packageName });
    await this.resource({
      type: 'SoftwareDependencyVersion',
      name,
      parent: { type: 'SoftwareDependency', name: packageName },
    });
    if (advisories.length) {
      await this.reading({
        resource: { type: 'SoftwareDependencyVersion', name },
        type: 'vulnerabilities',
        value: {
          items: advisories.map(a => ({ summary: `${a.id} summary`, ...a })),
        },
      });
    }
    return name;
  }
}
