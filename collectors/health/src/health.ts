import { isIP } from 'node:net';
import { z } from 'zod';
import { defineCollector } from '@cockpit/collector-sdk';
import {
  HealthStatus,
  mapConcurrently,
  names,
} from '@cockpit/plugin-cockpit-common';
import { probeInstance } from './probe';

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
  async collect(ctx) {
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

    // one TIME_SERIES point per (service, collectedAt): events of one service in one run get distinct milliseconds
    const eventOffsets = new Map<string, number>();
    const event = (
      service: string,
      value: {
        kind: string;
        title: string;
        severity: string;
        resource: { type: string; name: string };
      },
    ) => {
      const offset = eventOffsets.get(service) ?? 0;
      eventOffsets.set(service, offset + 1);
      ctx.readings['service-event'](ctx.resources.service({ service }), value, {
        collectedAt: new Date(now.getTime() + offset),
      });
    };
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

      const ref = { type: instance.type, name: instance.name };
      if (
        result.reachable &&
        (!before ||
          !before.reachable ||
          (result.startedAt && before.startedAt !== result.startedAt))
      ) {
        event(target.service, {
          kind: 'instance-started',
          title: `${before?.reachable ? 'Restarted' : 'Started'} ${
            target.instanceId
          } in ${target.environment}`,
          severity: 'INFO',
          resource: ref,
        });
      } else if (!result.reachable && before?.reachable) {
        event(target.service, {
          kind: 'instance-stopped',
          title: `${target.instanceId} in ${target.environment} stopped answering (${result.error})`,
          severity: 'HIGH',
          resource: ref,
        });
      }
      if (
        before &&
        before.reachable &&
        result.reachable &&
        before.status !== result.status
      ) {
        event(target.service, {
          kind: 'health-changed',
          title: `${target.instanceId} in ${target.environment} went from ${before.status} to ${result.status}`,
          severity: EVENT_SEVERITY[result.status],
          resource: ref,
        });
      }
    }

    for (const [name, gone] of Object.entries(previous.instances)) {
      if (next.instances[name] || !gone.reachable) continue;
      event(gone.service, {
        kind: 'instance-stopped',
        title: `${gone.instanceId} in ${gone.environment} is no longer a target`,
        severity: 'INFO',
        resource: { type: 'ServiceInstance', name },
      });
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
