import { NotFoundError } from '@backstage/errors';
import { z } from 'zod';
import {
  JvmRuntimeInfo,
  resourceId,
  ServiceOverviewDeployment,
  ServiceOverviewInstance,
  ServiceOverviewResult,
  ServiceOverviewUpstream,
  SEVERITIES,
} from '@cockpit/plugin-cockpit-common';
import { defineCalculation } from '@cockpit/plugin-cockpit-node';
import {
  emptyHealthCounts,
  emptySeverityCounts,
  iso,
  jsonArray,
  normalisedSeverity,
  stringField,
  toHealthStatus,
} from './sql';

interface ReadingJoinRow {
  id: string;
  name: string;
  reading_type: string | null;
  value: any;
}

function jvmRuntime(value: any): JvmRuntimeInfo | null {
  if (!value || typeof value !== 'object' || typeof value.javaVersion !== 'string') return null;
  return {
    javaVersion: value.javaVersion,
    ...(typeof value.vendor === 'string' ? { vendor: value.vendor } : {}),
    ...(typeof value.gc === 'string' ? { gc: value.gc } : {}),
    jvmArgs: Array.isArray(value.jvmArgs) ? value.jvmArgs.filter((a: unknown) => typeof a === 'string') : [],
  };
}

/**
 * `service-overview?service=`: everything the Cockpit tab's overview shows, in four
 * set-based queries, run in parallel, whatever the number of deployments and instances.
 */
export const serviceOverviewCalculation = defineCalculation({
  name: 'service-overview',
  description:
    'Owner, tech stack, each environment\'s deployment (version, deploy time, JVM, upstreams, instance health, vulnerability counts) and the instances of a service',
  params: z.strictObject({ service: z.string().min(1).describe('the service name (Backstage Component name)') }),
  async run({ knex, params }): Promise<ServiceOverviewResult> {
    const serviceId = resourceId('Service', params.service);
    const [serviceRows, deploymentRows, instanceRows, vulnerabilityRows] = await Promise.all([
      knex.raw(
        `SELECT s.id, s.name, s.created_on, s.last_seen_on,
                (SELECT value FROM readings WHERE resource_id = s.id AND type = 'ownership' AND storage_mode = 'SNAPSHOT') AS ownership,
                (SELECT value FROM readings WHERE resource_id = s.id AND type = 'tech-stack' AND storage_mode = 'SNAPSHOT') AS tech_stack
           FROM resources s WHERE s.id = ?`,
        [serviceId],
      ),
      knex.raw(
        `SELECT d.id, d.name, r.type AS reading_type,
                CASE WHEN r.type = 'deployment-dependencies'
                     THEN to_jsonb(jsonb_array_length(${jsonArray(`r.value->'dependencies'`)}))
                     ELSE r.value END AS value,
                -- which upstreams are known services, so the UI can link them (no extra round trip)
                CASE WHEN r.type = 'egress-dependencies' THEN (
                  SELECT coalesce(jsonb_agg(s.name), '[]'::jsonb) FROM resources s
                   WHERE s.type = 'Service'
                     AND s.name IN (SELECT jsonb_array_elements_text(${jsonArray(`r.value->'upstreams'`)}))
                ) END AS known_upstreams
           FROM resources d
           LEFT JOIN readings r ON r.resource_id = d.id AND r.storage_mode = 'SNAPSHOT'
                AND r.type IN ('deployment-info', 'jvm-runtime', 'egress-dependencies', 'deployment-dependencies')
          WHERE d.parent_id = ? AND d.type = 'ServiceDeployment'`,
        [serviceId],
      ),
      knex.raw(
        `SELECT i.id, i.name, i.parent_id, i.last_seen_on, r.type AS reading_type, r.value, r.collected_at
           FROM resources d
           JOIN resources i ON i.parent_id = d.id AND i.type = 'ServiceInstance'
           LEFT JOIN readings r ON r.resource_id = i.id AND r.storage_mode = 'SNAPSHOT'
                AND r.type IN ('health', 'instance-info', 'jvm-runtime')
          WHERE d.parent_id = ? AND d.type = 'ServiceDeployment'`,
        [serviceId],
      ),
      knex.raw(
        `SELECT d.id AS deployment_id, ${normalisedSeverity(`item->>'severity'`)} AS severity, count(*)::int AS n
           FROM resources d
           JOIN readings dd ON dd.resource_id = d.id AND dd.type = 'deployment-dependencies' AND dd.storage_mode = 'SNAPSHOT'
           CROSS JOIN LATERAL jsonb_array_elements_text(${jsonArray(`dd.value->'dependencies'`)}) AS dep(name)
           JOIN resources v ON v.type = 'SoftwareDependencyVersion' AND v.name = dep.name
           JOIN readings vr ON vr.resource_id = v.id AND vr.type = 'vulnerabilities' AND vr.storage_mode = 'SNAPSHOT'
           CROSS JOIN LATERAL jsonb_array_elements(${jsonArray(`vr.value->'items'`)}) AS item
          WHERE d.parent_id = ? AND d.type = 'ServiceDeployment'
          GROUP BY 1, 2`,
        [serviceId],
      ),
    ]);
    const service = serviceRows.rows[0];
    if (!service) throw new NotFoundError(`No Service named "${params.service}"`);

    const deployments = new Map<string, ServiceOverviewDeployment>();
    const known = new Set<string>();
    for (const row of deploymentRows.rows as (ReadingJoinRow & { known_upstreams: string[] | null })[]) {
      row.known_upstreams?.forEach(name => known.add(name));
      let deployment = deployments.get(row.id);
      if (!deployment) {
        deployment = {
          id: row.id,
          name: row.name,
          environment: row.name.slice(row.name.indexOf('/') + 1),
          version: null,
          deployedAt: null,
          image: null,
          region: null,
          awsAccountId: null,
          jvmRuntime: null,
          egressUpstreams: [],
          health: emptyHealthCounts(),
          vulnerabilities: emptySeverityCounts(),
          dependencyCount: 0,
        };
        deployments.set(row.id, deployment);
      }
      const value = row.value;
      if (row.reading_type === 'deployment-info') {
        deployment.version = stringField(value, 'version');
        const deployedAt = stringField(value, 'deployedAt');
        deployment.deployedAt = deployedAt && !Number.isNaN(Date.parse(deployedAt)) ? iso(deployedAt) : null;
        deployment.image = stringField(value, 'image');
        deployment.region = stringField(value, 'region');
        deployment.awsAccountId = stringField(value, 'awsAccountId');
      } else if (row.reading_type === 'jvm-runtime') {
        deployment.jvmRuntime = jvmRuntime(value);
      } else if (row.reading_type === 'egress-dependencies') {
        deployment.egressUpstreams = Array.isArray(value?.upstreams)
          ? [...new Set<string>(value.upstreams.filter((u: unknown) => typeof u === 'string'))].sort()
          : [];
      } else if (row.reading_type === 'deployment-dependencies') {
        deployment.dependencyCount = Number(value);
      }
    }

    const instances = new Map<string, ServiceOverviewInstance & { ownJvm: boolean }>();
    for (const row of instanceRows.rows as (ReadingJoinRow & { parent_id: string; last_seen_on: Date; collected_at: Date | null })[]) {
      let instance = instances.get(row.id);
      if (!instance) {
        const deployment = deployments.get(row.parent_id);
        const parts = row.name.split('/');
        instance = {
          id: row.id,
          name: row.name,
          instanceId: parts.slice(2).join('/') || row.name,
          environment: deployment?.environment ?? parts[1] ?? '',
          deploymentId: row.parent_id,
          health: 'UNKNOWN',
          healthCollectedAt: null,
          ip: null,
          host: null,
          startedAt: null,
          jvmRuntime: deployment?.jvmRuntime ?? null,
          lastSeenOn: iso(row.last_seen_on),
          ownJvm: false,
        };
        instances.set(row.id, instance);
      }
      if (row.reading_type === 'health') {
        instance.health = toHealthStatus(row.value?.status);
        instance.healthCollectedAt = row.collected_at ? iso(row.collected_at) : null;
      } else if (row.reading_type === 'instance-info') {
        instance.ip = stringField(row.value, 'ip');
        instance.host = stringField(row.value, 'host');
        const startedAt = stringField(row.value, 'startedAt');
        instance.startedAt = startedAt && !Number.isNaN(Date.parse(startedAt)) ? iso(startedAt) : null;
      } else if (row.reading_type === 'jvm-runtime') {
        instance.jvmRuntime = jvmRuntime(row.value);
        instance.ownJvm = true;
      }
    }

    const health = emptyHealthCounts();
    for (const instance of instances.values()) {
      const deployment = deployments.get(instance.deploymentId);
      if (deployment) {
        deployment.health[instance.health] += 1;
        deployment.health.total += 1;
      }
      health[instance.health] += 1;
      health.total += 1;
    }
    const vulnerabilities = emptySeverityCounts();
    for (const row of vulnerabilityRows.rows as { deployment_id: string; severity: (typeof SEVERITIES)[number]; n: number }[]) {
      const deployment = deployments.get(row.deployment_id);
      if (deployment) deployment.vulnerabilities[row.severity] += row.n;
      vulnerabilities[row.severity] += row.n;
    }

    const sortedDeployments = [...deployments.values()].sort((a, b) => a.environment.localeCompare(b.environment));
    const upstreamEnvironments = new Map<string, string[]>();
    for (const deployment of sortedDeployments) {
      for (const upstream of deployment.egressUpstreams) {
        upstreamEnvironments.set(upstream, [...(upstreamEnvironments.get(upstream) ?? []), deployment.environment]);
      }
    }
    const upstreamNames = [...upstreamEnvironments.keys()].sort();
    const egressUpstreams: ServiceOverviewUpstream[] = upstreamNames.map(name => ({
      service: name,
      environments: upstreamEnvironments.get(name)!,
      known: known.has(name),
    }));

    return {
      service: {
        id: service.id,
        name: service.name,
        createdOn: iso(service.created_on),
        lastSeenOn: iso(service.last_seen_on),
      },
      ownership: service.ownership && typeof service.ownership.team === 'string' ? service.ownership : null,
      techStack: service.tech_stack && typeof service.tech_stack.language === 'string' ? service.tech_stack : null,
      deployments: sortedDeployments,
      health,
      vulnerabilities,
      egressUpstreams,
      instances: [...instances.values()]
        .map(({ ownJvm: _ownJvm, ...instance }) => instance)
        .sort((a, b) => a.environment.localeCompare(b.environment) || a.name.localeCompare(b.name)),
    };
  },
});
