import { isIP } from 'node:net';
import { CollectorContext } from '@cockpit/collector-sdk';
import { names } from '@cockpit/plugin-cockpit-common';
import { HealthCollectorConfig, Target } from './config';
import { ProbeResult } from './probe';

/** The instance's `health` and, when it answers, its `instance-info`. */
export function publishInstanceReadings(
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

/**
 * The deployment's `jvm-runtime` from the first of its instances that tells its Java
 * (`published` holds the deployments done in this run).
 */
export function publishJvmRuntime(
  ctx: CollectorContext<HealthCollectorConfig>,
  target: Target,
  result: ProbeResult,
  now: Date,
  published: Set<string>,
): void {
  const deployment = names.serviceDeployment(target);
  if (!result.java || published.has(deployment)) return;
  published.add(deployment);
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
