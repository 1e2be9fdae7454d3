import {
  names,
  PublishMessageInput,
  RESOURCE_TYPES,
  ResourceRef,
} from '@cockpit/plugin-cockpit-common';
import { Fleet, instanceRange, ServicePlan } from './plan';
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

/** A deployment's version and when it was deployed. */
export type Deployed = { version: string; at: number };

/** The deployment events of each environment, oldest first: the last is what it runs. */
export type Deploys = Deployed[][];

/** One drawn event: when, in which environment, its value, and the version it deployed if any. */
interface DrawnEvent {
  at: number;
  envIndex: number;
  value: Record<string, unknown>;
  deployedVersion?: string;
}

/** Where an event happens and the random stream of its slot, for the per-kind values below. */
interface EventPlace {
  plan: ServicePlan;
  environment: string;
  deployment: string;
  random: SeededRandom;
}

/**
 * The `service-event` history of one service, and the deployments of each environment, oldest
 * first (the last is what it runs).
 */
export function serviceEvents(args: {
  fleet: Fleet;
  plan: ServicePlan;
  serviceRef: ResourceRef;
  instancesByEnv: string[][];
  major: number;
}): { events: PublishMessageInput[]; deploys: Deploys } {
  const { fleet, serviceRef } = args;
  const { slot, eventCount, lastSlot } = eventSlots(fleet);
  const instances = instanceRange(fleet.options);
  const deploys: Deploys = fleet.environments.map(() => []);
  const events: PublishMessageInput[] = [];
  for (let k = lastSlot - eventCount + 1; k <= lastSlot; k++) {
    const { at, envIndex, value, deployedVersion } = drawEvent({
      ...args,
      instances,
      slot,
      k,
    });
    if (deployedVersion !== undefined)
      deploys[envIndex]!.push({ version: deployedVersion, at });
    events.push({
      kind: 'reading',
      type: 'service-event',
      storageMode: 'TIME_SERIES',
      resource: serviceRef,
      value,
      collectedAt: new Date(at).toISOString(),
    });
  }
  return { events, deploys };
}

/**
 * The grid of event slots: events sit on absolute time slots, each drawn from (seed, service,
 * slot): when `now` moves on, the events still in the window keep their times and values, so
 * re-running the collector adds the new points instead of a shifted copy of the whole history.
 */
function eventSlots(fleet: Fleet): {
  slot: number;
  eventCount: number;
  lastSlot: number;
} {
  const historyMs = fleet.options.historyDays * 86_400_000;
  const eventCount = fleet.options.serviceEventsPerService;
  const slot =
    eventCount > 0 ? Math.max(1, Math.floor(historyMs / eventCount)) : 1;
  const lastSlot = Math.floor(fleet.now.getTime() / slot);
  return { slot, eventCount, lastSlot };
}

/** The event of slot `k`, drawn from its own stream (time, environment, kind, then its value). */
function drawEvent(args: {
  fleet: Fleet;
  plan: ServicePlan;
  instancesByEnv: string[][];
  major: number;
  instances: [number, number];
  slot: number;
  k: number;
}): DrawnEvent {
  const { fleet, plan, slot, k } = args;
  const { options, now, environments } = fleet;
  const random = new SeededRandom(
    hashSeed(options.seed, plan.name, 'event', k),
  );
  // inside its own slot, never after now: one TIME_SERIES point per (service, collectedAt)
  const at = Math.min(
    now.getTime(),
    k * slot + Math.floor(random.next() * slot * 0.8),
  );
  const envIndex = random.int(0, environments.length - 1);
  const environment = environments[envIndex];
  const deployment = names.serviceDeployment({
    service: plan.name,
    environment,
  });
  const place: EventPlace = { plan, environment, deployment, random };
  const kind = random.weighted(EVENT_KINDS);
  switch (kind) {
    case 'deployment': {
      const version = `${args.major}.${Math.floor(k / 100) % 100}.${k % 100}`;
      const value = deploymentEvent(place, version);
      return { at, envIndex, value, deployedVersion: version };
    }
    case 'incident':
      return { at, envIndex, value: incidentEvent(place) };
    case 'autoscaling':
      return { at, envIndex, value: autoscalingEvent(place, args.instances) };
    default:
      return {
        at,
        envIndex,
        value: instanceEvent(place, kind, args.instancesByEnv[envIndex]),
      };
  }
}

function deploymentEvent(
  { plan, environment, deployment }: EventPlace,
  version: string,
): Record<string, unknown> {
  return {
    kind: 'deployment',
    title: `Deployed ${plan.name} ${version} to ${environment}`,
    severity: 'INFO',
    resource: { type: RESOURCE_TYPES.ServiceDeployment, name: deployment },
    version,
  };
}

function incidentEvent({
  environment,
  deployment,
  random,
}: EventPlace): Record<string, unknown> {
  return {
    kind: 'incident',
    title: `${random.pick(INCIDENT_TITLES)} in ${environment}`,
    severity: random.weighted([
      ['CRITICAL', 1],
      ['HIGH', 3],
      ['MEDIUM', 4],
    ] as const),
    resource: { type: RESOURCE_TYPES.ServiceDeployment, name: deployment },
  };
}

function autoscalingEvent(
  { environment, deployment, random }: EventPlace,
  [minInstances, maxInstances]: [number, number],
): Record<string, unknown> {
  const from = random.int(minInstances, maxInstances + 2);
  const to = Math.max(1, from + random.pick([-1, 1, 2]));
  return {
    kind: 'autoscaling',
    title: `Scaled ${environment} from ${from} to ${to} instances`,
    severity: 'INFO',
    resource: { type: RESOURCE_TYPES.ServiceDeployment, name: deployment },
  };
}

/** An instance started or stopped: one of the environment's instances, drawn. */
function instanceEvent(
  { plan, environment, random }: EventPlace,
  kind: 'instance-started' | 'instance-stopped',
  instanceIds: string[],
): Record<string, unknown> {
  const instanceId = random.pick(instanceIds);
  const instance = names.serviceInstance({
    service: plan.name,
    environment,
    instanceId,
  });
  return {
    kind,
    title: `${
      kind === 'instance-started' ? 'Started' : 'Stopped'
    } ${instanceId} in ${environment}`,
    severity:
      kind === 'instance-stopped' && random.next() < 0.2 ? 'WARNING' : 'INFO',
    resource: { type: RESOURCE_TYPES.ServiceInstance, name: instance },
  };
}
