import { CollectorContext } from '@cockpit/collector-sdk';
import { HealthStatus } from '@cockpit/plugin-cockpit-common';
import { HealthCollectorConfig, Target } from './config';
import { ProbeResult } from './probe';

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

type Remembered = HealthCollectorState['instances'][string];

const EVENT_SEVERITY: Record<HealthStatus, string> = {
  UP: 'INFO',
  DEGRADED: 'MEDIUM',
  DOWN: 'HIGH',
  UNKNOWN: 'LOW',
};

/** One service event of an instance, before it is given its time. */
export interface InstanceEvent {
  kind: 'instance-started' | 'instance-stopped' | 'health-changed';
  title: string;
  severity: string;
}

/**
 * What happened to one instance since the last run: started (first seen, or a new start
 * time), stopped answering, or changed health.
 */
export function instanceEvents(
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

/** An event of an instance, on its service, at the time of the run. */
export function emitInstanceEvent(
  ctx: CollectorContext<HealthCollectorConfig>,
  service: string,
  resource: { type: string; name: string },
  value: InstanceEvent,
  now: Date,
): void {
  ctx.readings['service-event'](
    ctx.resources.service({ service }),
    { ...value, resource },
    { collectedAt: now },
  );
}

/** `instance-stopped` for each instance that answered last run and is no longer a target. */
export function emitTargetsGone(
  ctx: CollectorContext<HealthCollectorConfig>,
  previous: HealthCollectorState,
  next: HealthCollectorState,
  now: Date,
): void {
  for (const [name, gone] of Object.entries(previous.instances)) {
    if (next.instances[name] || !gone.reachable) continue;
    emitInstanceEvent(
      ctx,
      gone.service,
      { type: 'ServiceInstance', name },
      {
        kind: 'instance-stopped',
        title: `${gone.instanceId} in ${gone.environment} is no longer a target`,
        severity: 'INFO',
      },
      now,
    );
  }
}
