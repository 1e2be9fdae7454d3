import {
  HealthStatus,
  names,
  parents,
  PublishMessageInput,
  RESOURCE_TYPES,
  ResourceRef,
} from '@cockpit/plugin-cockpit-common';
import { INSTANCE_METRICS_READING_TYPE } from './options';
import type { Fleet, ServicePlan } from './plan';
import { hashSeed, SeededRandom } from './random';

const DAY_MS = 86_400_000;

/** One instance: the ServiceInstance with `health`, `instance-info` and optional `instance-metrics`. */
export function* instanceMessages(args: {
  fleet: Fleet;
  plan: ServicePlan;
  environment: string;
  envIndex: number;
  instanceId: string;
  deployed: { at: number };
  random: SeededRandom;
}): Generator<PublishMessageInput> {
  const { fleet, plan, environment, instanceId, random } = args;
  const nowIso = fleet.now.toISOString();
  const instance = names.serviceInstance({
    service: plan.name,
    environment,
    instanceId,
  });
  const instanceRef: ResourceRef = {
    type: RESOURCE_TYPES.ServiceInstance,
    name: instance,
  };
  yield {
    kind: 'resource',
    type: RESOURCE_TYPES.ServiceInstance,
    name: instance,
    parent: parents.serviceInstance({ service: plan.name, environment }),
  };
  const status = drawStatus(random);
  const info = drawInstanceInfo(args);
  const reading = (
    type: 'health' | 'instance-info',
    value: Record<string, unknown>,
    collectedAt: string,
  ): PublishMessageInput => ({
    kind: 'reading',
    type,
    storageMode: 'SNAPSHOT',
    resource: instanceRef,
    value,
    collectedAt,
  });
  if (fleet.options.pastReadings) {
    // since it started: where it runs, and its health once a day (drawn per instance and day)
    yield reading('instance-info', info, info.startedAt);
    const started = Date.parse(info.startedAt);
    for (let at = started; at < fleet.now.getTime(); at += DAY_MS) {
      const day = Math.floor(at / DAY_MS);
      const then = drawStatus(
        new SeededRandom(hashSeed(fleet.options.seed, instance, 'health', day)),
      );
      yield reading('health', { status: then }, new Date(at).toISOString());
    }
  }
  yield reading('health', { status }, nowIso);
  yield reading('instance-info', info, nowIso);
  yield* instanceMetrics(fleet, instanceRef);
}

/** A health status, mostly UP. */
function drawStatus(random: SeededRandom): HealthStatus {
  return random.weighted([
    ['UP', 85],
    ['DEGRADED', 8],
    ['DOWN', 5],
    ['UNKNOWN', 2],
  ] as const);
}

/** Where the instance runs (an address in its environment's range) and when it started. */
function drawInstanceInfo(args: {
  fleet: Fleet;
  envIndex: number;
  deployed: { at: number };
  random: SeededRandom;
}) {
  const { fleet, envIndex, deployed, random } = args;
  const ip = `10.${envIndex * 16 + random.int(0, 15)}.${random.int(
    0,
    255,
  )}.${random.int(1, 254)}`;
  return {
    ip,
    host: `ip-${ip.replace(/\./g, '-')}.eu-central-1.compute.internal`,
    startedAt: new Date(
      Math.min(
        fleet.now.getTime() - 60_000,
        deployed.at + random.int(5, 600) * 1000,
      ),
    ).toISOString(),
    availabilityZone: `eu-central-1${random.pick(['a', 'b', 'c'])}`,
  };
}

/**
 * The optional `instance-metrics` points, every 15 minutes up to `now`, each drawn from
 * (seed, instance, time) so re-runs publish the same points.
 */
function* instanceMetrics(
  fleet: Fleet,
  instanceRef: ResourceRef,
): Generator<PublishMessageInput> {
  const { options, now } = fleet;
  const quarter = Math.floor(now.getTime() / 900_000) * 900_000;
  for (let p = options.metricPointsPerInstance - 1; p >= 0; p--) {
    const at = quarter - p * 900_000;
    const pointRandom = new SeededRandom(
      hashSeed(options.seed, instanceRef.name, at),
    );
    yield {
      kind: 'reading',
      type: INSTANCE_METRICS_READING_TYPE,
      storageMode: 'TIME_SERIES',
      resource: instanceRef,
      value: {
        cpuPercent: Math.round(pointRandom.next() * 900) / 10,
        heapUsedMb: pointRandom.int(200, 1800),
        requestsPerMinute: pointRandom.int(0, 5000),
      },
      collectedAt: new Date(at).toISOString(),
    };
  }
}
