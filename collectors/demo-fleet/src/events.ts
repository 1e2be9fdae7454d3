import {
  names,
  PublishMessageInput,
  RESOURCE_TYPES,
  ResourceRef,
} from '@cockpit/plugin-cockpit-common';
import type { Fleet, ServicePlan } from './plan';
import { hashSeed, SeededRandom } from './random';

const EVENT_KINDS = [
  ['deployment', 20],
  ['instance-started', 30],
  ['instance-stopped', 30],
  ['autoscaling', 12],
  ['incident', 8],
] as const;

const INCIDENT_TITLES = [
  'Elevated 5xx rate',
  'Latency p99 above SLO',
  'Database connection pool exhausted',
  'Memory pressure, pods OOM-killed',
  'Upstream timeouts',
];

/** The last deployment event of each environment: the version it runs and since when. */
export type LastDeploy = ({ version: string; at: number } | undefined)[];

/**
 * The `service-event` history of one service, and the last deployment per environment (what
 * each deployment runs).
 */
export function serviceEvents(args: {
  fleet: Fleet;
  plan: ServicePlan;
  serviceRef: ResourceRef;
  instancesByEnv: string[][];
  major: number;
}): { events: PublishMessageInput[]; lastDeploy: LastDeploy } {
  const { fleet, plan, serviceRef, instancesByEnv, major } = args;
  const { options, now, environments } = fleet;
  const [minInstances, maxInstances] = Array.isArray(
    options.instancesPerDeployment,
  )
    ? options.instancesPerDeployment
    : [options.instancesPerDeployment, options.instancesPerDeployment];
  // Events sit on a grid of absolute time slots, each drawn from (seed, service, slot): when
  // `now` moves on, the events still in the window keep their times and values, so re-running
  // the collector adds the new points instead of a shifted copy of the whole history.
  const historyMs = options.historyDays * 86_400_000;
  const eventCount = options.serviceEventsPerService;
  const slot =
    eventCount > 0 ? Math.max(1, Math.floor(historyMs / eventCount)) : 1;
  const lastSlot = Math.floor(now.getTime() / slot);
  const lastDeploy: LastDeploy = environments.map(() => undefined);
  const events: PublishMessageInput[] = [];
  for (let k = lastSlot - eventCount + 1; k <= lastSlot; k++) {
    const eventRandom = new SeededRandom(
      hashSeed(options.seed, plan.name, 'event', k),
    );
    // inside its own slot, never after now: one TIME_SERIES point per (service, collectedAt)
    const at = Math.min(
      now.getTime(),
      k * slot + Math.floor(eventRandom.next() * slot * 0.8),
    );
    const envIndex = eventRandom.int(0, environments.length - 1);
    const environment = environments[envIndex];
    const deployment = names.serviceDeployment({
      service: plan.name,
      environment,
    });
    const kind = eventRandom.weighted(EVENT_KINDS);
    let value: Record<string, unknown>;
    if (kind === 'deployment') {
      const version = `${major}.${Math.floor(k / 100) % 100}.${k % 100}`;
      lastDeploy[envIndex] = { version, at };
      value = {
        kind,
        title: `Deployed ${plan.name} ${version} to ${environment}`,
        severity: 'INFO',
        resource: { type: RESOURCE_TYPES.ServiceDeployment, name: deployment },
        version,
      };
    } else if (kind === 'incident') {
      value = {
        kind,
        title: `${eventRandom.pick(INCIDENT_TITLES)} in ${environment}`,
        severity: eventRandom.weighted([
          ['CRITICAL', 1],
          ['HIGH', 3],
          ['MEDIUM', 4],
        ] as const),
        resource: { type: RESOURCE_TYPES.ServiceDeployment, name: deployment },
      };
    } else if (kind === 'autoscaling') {
      const from = eventRandom.int(minInstances, maxInstances + 2);
      const to = Math.max(1, from + eventRandom.pick([-1, 1, 2]));
      value = {
        kind,
        title: `Scaled ${environment} from ${from} to ${to} instances`,
        severity: 'INFO',
        resource: { type: RESOURCE_TYPES.ServiceDeployment, name: deployment },
      };
    } else {
      const instanceId = eventRandom.pick(instancesByEnv[envIndex]);
      const instance = names.serviceInstance({
        service: plan.name,
        environment,
        instanceId,
      });
      value = {
        kind,
        title: `${
          kind === 'instance-started' ? 'Started' : 'Stopped'
        } ${instanceId} in ${environment}`,
        severity:
          kind === 'instance-stopped' && eventRandom.next() < 0.2
            ? 'WARNING'
            : 'INFO',
        resource: { type: RESOURCE_TYPES.ServiceInstance, name: instance },
      };
    }
    events.push({
      kind: 'reading',
      type: 'service-event',
      storageMode: 'TIME_SERIES',
      resource: serviceRef,
      value,
      collectedAt: new Date(at).toISOString(),
    });
  }
  return { events, lastDeploy };
}
