import { isIP } from 'node:net';
import { z } from 'zod';
import {
  CollectorContext,
  defineCollector,
  withDistinctEventTimes,
} from '@cockpit/collector-sdk';
import {
  HealthStatus,
  mapConcurrently,
  names,
} from '@cockpit/plugin-cockpit-common';
import { ProbeResult, probeInstance } from './probe';

/** Configuration: the instances to poll. */
export const HealthCollectorConfigSchema = z.object({
  targets: z
    .array(
      z.object({
        service: z.string().min(1),
        environment: z.string().min(1),
        instanceId: z.string().min(1),
        /** Base URL of the instance, e.g. `http://10.0.1.17:8080`. */
        url: z.string().url(),
        type: z.enum(['actuator', 'plain', 'auto']).default('auto'),
      }),
    )
    .default([]),
  timeoutMs: z.number().int().min(1).default(3000),
  /** How many instances are probed at once. */
  concurrency: z.number().int().min(1).default(8),
});

/** What the collector remembers of each instance between runs. */
export interface HealthCollectorState {
  instances: Record<
    string,
    {
      service: string;
      environment: string;
      instanceId: string;
      status: HealthStatus;
      reachable: boolean;
      startedAt?: string;
    }
  >;
}

const EVENT_SEVERITY: Record<HealthStatus, string> = {
  UP: 'INFO',
  DEGRADED: 'MEDIUM',
  DOWN: 'HIGH',
  UNKNOWN: 'LOW',
};

/** One service event of an instance, before it is given its time. */
interface InstanceEvent {
  kind: 'instance-started' | 'instance-stopped' | 'health-changed';
  title: string;
  severity: string;
}

type Target = z.infer<typeof HealthCollectorConfigSchema>['targets'][number];
type Remembered = HealthCollectorState['instances'][string];

/**
 * What happened to one instance since the last run: started (first seen, or a new start
 * time), stopped answering, or changed health.
 */
function instanceEvents(
  target: Target,
  before: Remembered | undefined,
  result: ProbeResult,
): InstanceEvent[] {
  const where = `${target.instanceId} in ${target.environment}`;
  const events: InstanceEvent[] = [];
  if (
    result.reachable &&
    (!before?.reachable ||
      (result.startedAt && before.startedAt !== result.startedAt))
  ) {
    events.push({
      kind: 'instance-started',
      title: `${before?.reachable ? 'Restarted' : 'Started'} ${where}`,
      severity: 'INFO',
    });
  } else if (!result.reachable && before?.reachable) {
    events.push({
      kind: 'instance-stopped',
      title: `${where} stopped answering (${result.error})`,
      severity: 'HIGH',
    });
  }
  if (
    before?.reachable &&
    result.reachable &&
    before.status !== result.status
  ) {
    events.push({
      kind: 'health-changed',
      title: `${where} went from ${before.status} to ${result.status}`,
      severity: EVENT_SEVERITY[result.status],
    });
  }
  return events;
}

/** The instance's `health` and, when it answers, its `instance-info`. */
function publishInstanceReadings(
  ctx: CollectorContext<HealthCollectorConfig>,
  target: Target,
  result: ProbeResult,
  startedAt: string | undefined,
  now: Date,
): void {
  const instance = ctx.resources.serviceInstance(target);
  ctx.readings.health(
    instance,
    {
      status: result.status,
      checkedVia: result.checkedVia,
      ...(result.httpStatus !== undefined
        ? { httpStatus: result.httpStatus }
        : {}),
      ...(result.components ? { components: result.components } : {}),
      ...(result.error ? { error: result.error } : {}),
    },
    { collectedAt: now },
  );
  if (result.reachable && startedAt) {
    const host = new URL(target.url).hostname;
    ctx.readings['instance-info'](
      instance,
      {
        ...(isIP(host) ? { ip: host } : { host }),
        startedAt,
        url: target.url,
        ...(result.version ? { version: result.version } : {}),
        ...(result.commit ? { commit: result.commit } : {}),
      },
      { collectedAt: now },
    );
  }
}

type HealthCollectorConfig = z.infer<typeof HealthCollectorConfigSchema>;

/**
 * Polls instances' health and info endpoints -> `ServiceInstance`, `health`, `instance-info`,
 * `jvm-runtime` (on the deployment, from actuator info) and a `service-event` when an instance
 * starts (first seen, or a new start time), stops (stops answering, or leaves the targets) or
 * changes health. The previous state comes from the collector state store.
 */
export const healthCollector = defineCollector({
  id: 'health',
  description:
    'Health, start time and JVM of service instances from actuator or /health endpoints',
  schedule: 'rate(1 minute)',
  configSchema: HealthCollectorConfigSchema,
  async collect(runCtx) {
    // Each event of a service gets a distinct millisecond, so none replaces another.
    const ctx = withDistinctEventTimes(runCtx);
    const now = ctx.now();
    const previous = (await ctx.loadState<HealthCollectorState>()) ?? {
      instances: {},
    };
    const next: HealthCollectorState = { instances: {} };
    const targets = ctx.config.targets;

    const results = await mapConcurrently(
      targets,
      { concurrency: ctx.config.concurrency },
      target =>
        probeInstance({
          baseUrl: target.url,
          type: target.type,
          timeoutMs: ctx.config.timeoutMs,
          now,
          signal: ctx.signal,
        }),
    );
    const event = (
      service: string,
      resource: { type: string; name: string },
      value: InstanceEvent,
    ) =>
      ctx.readings['service-event'](
        ctx.resources.service({ service }),
        { ...value, resource },
        { collectedAt: now },
      );
    const jvmDone = new Set<string>();

    for (const [index, target] of targets.entries()) {
      const result = results[index];
      const instance = ctx.resources.serviceInstance(target);
      const before = previous.instances[instance.name];
      const startedAt =
        result.startedAt ??
        (before?.reachable ? before.startedAt : undefined) ??
        (result.reachable ? now.toISOString() : undefined);
      next.instances[instance.name] = {
        service: target.service,
        environment: target.environment,
        instanceId: target.instanceId,
        status: result.status,
        reachable: result.reachable,
        ...(startedAt ? { startedAt } : {}),
      };
      publishInstanceReadings(ctx, target, result, startedAt, now);

      const deployment = names.serviceDeployment(target);
      if (result.java && !jvmDone.has(deployment)) {
        jvmDone.add(deployment);
        ctx.readings['jvm-runtime'](
          ctx.resources.serviceDeployment(target),
          {
            javaVersion: result.java.version,
            ...(result.java.vendor ? { vendor: result.java.vendor } : {}),
            jvmArgs: [],
          },
          { collectedAt: now },
        );
      }
      for (const value of instanceEvents(target, before, result)) {
        event(
          target.service,
          { type: instance.type, name: instance.name },
          value,
        );
      }
    }

    for (const [name, gone] of Object.entries(previous.instances)) {
      if (next.instances[name] || !gone.reachable) continue;
      event(
        gone.service,
        { type: 'ServiceInstance', name },
        {
          kind: 'instance-stopped',
          title: `${gone.instanceId} in ${gone.environment} is no longer a target`,
          severity: 'INFO',
        },
      );
    }
    await ctx.flush();
    await ctx.saveState(next);
    ctx.logger.info(
      `probed ${targets.length} instances: ${
        Object.values(next.instances).filter(i => i.status === 'UP').length
      } UP`,
    );
  },
});
