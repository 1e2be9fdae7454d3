import {
  CollectorContext,
  emitRolloutEvents,
  goneSinceLastRun,
} from '@cockpit/collector-sdk';
import {
  RESOURCE_TYPES,
  ResourceRef,
  names,
} from '@cockpit/plugin-cockpit-common';
import { KubernetesCollectorConfig } from './config';
import { RunningPod } from './readings';
import { Workload } from './workloads';

/** What the collector remembers between runs, to emit each event once. */
export interface KubernetesCollectorState {
  /** `<namespace>/<kind>/<name>` -> the revision and rollout state last seen. */
  workloads: Record<string, { revision: string; rolloutState: string }>;
  /** Pod uid -> where it ran, for its stop event. */
  pods: Record<
    string,
    {
      service: string;
      environment: string;
      instanceId: string;
      namespace: string;
    }
  >;
}

/** The state of a run that has seen nothing yet. */
export function emptyState(): KubernetesCollectorState {
  return { workloads: {}, pods: {} };
}

/** The rollout of a workload's revision started, completed or failed since the last run; remembered in `next`. */
export function emitWorkloadEvents(options: {
  ctx: CollectorContext<KubernetesCollectorConfig>;
  workload: Workload;
  key: string;
  where: string;
  version: string;
  serviceRef: ResourceRef;
  deploymentRef: ResourceRef;
  previous: KubernetesCollectorState;
  next: KubernetesCollectorState;
}) {
  const { ctx, workload, key, version, previous, next } = options;
  const seen = previous.workloads[key];
  emitRolloutEvents(
    ctx,
    options.serviceRef,
    {
      where: options.where,
      label: `${workload.kind} ${workload.metadata.namespace}/${workload.metadata.name} revision ${workload.revision}`,
      version,
      rolloutState: workload.rolloutState,
      reason: workload.rolloutReason,
      startedAt: workload.deployedAt ?? ctx.now(),
      // Kubernetes keeps no completion time; the run that sees it is the closest honest time
      finishedAt: ctx.now(),
      details: {
        resource: options.deploymentRef,
        workload: key,
        revision: workload.revision,
        version,
        rolloutState: workload.rolloutState,
      },
    },
    // a new revision is a new rollout
    seen?.revision === workload.revision ? seen : undefined,
  );
  next.workloads[key] = {
    revision: workload.revision,
    rolloutState: workload.rolloutState,
  };
}

/** `instance-started` for a running pod the last run did not see; remembered in `next` for its stop event. */
export function emitPodStarted(options: {
  ctx: CollectorContext<KubernetesCollectorConfig>;
  identity: { service: string; environment: string };
  instance: ResourceRef;
  pod: RunningPod;
  namespace: string;
  previous: KubernetesCollectorState;
  next: KubernetesCollectorState;
}): void {
  const { ctx, identity, instance, pod, namespace, previous, next } = options;
  const instanceId = pod.metadata.name;
  if (!previous.pods[pod.metadata.uid]) {
    ctx.readings['service-event'](
      { type: RESOURCE_TYPES.Service, name: names.service(identity) },
      {
        kind: 'instance-started',
        title: `pod ${instanceId} started in ${identity.environment}`,
        resource: instance,
      },
      { collectedAt: pod.status.startTime },
    );
  }
  next.pods[pod.metadata.uid] = { ...identity, instanceId, namespace };
}

/** `instance-stopped` for each pod seen last run that no longer runs, in the namespaces this run read. */
export function emitPodsGone(
  ctx: CollectorContext<KubernetesCollectorConfig>,
  previous: KubernetesCollectorState,
  next: KubernetesCollectorState,
): void {
  const namespaces = ctx.config.namespaces;
  // a pod of a namespace this run did not read is kept for the run that does
  const gone = goneSinceLastRun(
    previous.pods,
    next.pods,
    seen => !namespaces || namespaces.includes(seen.namespace),
  );
  for (const [, seen] of gone) {
    ctx.readings['service-event'](
      { type: RESOURCE_TYPES.Service, name: names.service(seen) },
      {
        kind: 'instance-stopped',
        title: `pod ${seen.instanceId} is gone from ${seen.environment}`,
        resource: {
          type: RESOURCE_TYPES.ServiceInstance,
          name: names.serviceInstance(seen),
        },
      },
      // deleted pods leave no record of when: the run that misses them is the closest honest time
      { collectedAt: ctx.now() },
    );
  }
}
