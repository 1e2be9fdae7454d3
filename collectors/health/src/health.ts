import {
  CollectorContext,
  defineCollector,
  withDistinctEventTimes,
} from '@cockpit/collector-sdk';
import { mapConcurrently } from '@cockpit/plugin-cockpit-common';
import {
  HealthCollectorConfig,
  HealthCollectorConfigSchema,
  Target,
} from './config';
import {
  HealthCollectorState,
  emitInstanceEvent,
  emitTargetsGone,
  instanceEvents,
} from './events';
import { ProbeResult, probeInstance } from './probe';
import { publishInstanceReadings, publishJvmRuntime } from './readings';

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

    const results = await probeTargets(ctx, targets, now);
    const jvmDone = new Set<string>();
    for (const [index, target] of targets.entries()) {
      const result = results[index];
      publishTarget(ctx, { target, result, previous, next, now, jvmDone });
    }
    emitTargetsGone(ctx, previous, next, now);

    await ctx.flush();
    await ctx.saveState(next);
    ctx.logger.info(
      `probed ${targets.length} instances: ${
        Object.values(next.instances).filter(i => i.status === 'UP').length
      } UP`,
    );
  },
});

/** Probes every target, a few at once; the results in the targets' order. */
function probeTargets(
  ctx: CollectorContext<HealthCollectorConfig>,
  targets: Target[],
  now: Date,
): Promise<ProbeResult[]> {
  return mapConcurrently(
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
}

/**
 * One probed instance: remembered in `next` (with its start time: probed, remembered while it
 * answers, or first seen now), its readings, its deployment's JVM, and what happened to it
 * since the last run.
 */
function publishTarget(
  ctx: CollectorContext<HealthCollectorConfig>,
  options: {
    target: Target;
    result: ProbeResult;
    previous: HealthCollectorState;
    next: HealthCollectorState;
    now: Date;
    /** Deployments whose `jvm-runtime` this run published. */
    jvmDone: Set<string>;
  },
): void {
  const { target, result, previous, next, now } = options;
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
  publishJvmRuntime(ctx, target, result, now, options.jvmDone);
  for (const value of instanceEvents(target, before, result)) {
    emitInstanceEvent(
      ctx,
      target.service,
      { type: instance.type, name: instance.name },
      value,
      now,
    );
  }
}
