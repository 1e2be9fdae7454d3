import { V1Container, V1Pod } from '@kubernetes/client-node';
import { CollectorContext } from '@cockpit/collector-sdk';
import { ResourceRef } from '@cockpit/plugin-cockpit-common';
import { KubernetesCollectorConfig } from './config';
import { Workload } from './workloads';

/** The `deployment-info` of a workload: its template's images, revision, rollout state and replica counts. */
export function deploymentInfo(options: {
  workload: Workload;
  namespace: string;
  clusterName: string;
  version: string;
  main: V1Container | undefined;
}) {
  const { workload, namespace, clusterName, version, main } = options;
  const images = (workload.template.spec?.containers ?? [])
    .map(c => c.image)
    .filter((i): i is string => !!i);
  return {
    version,
    ...(main?.image ? { image: main.image } : {}),
    ...(images.length ? { images } : {}),
    deployedAt: (workload.deployedAt ?? new Date(0)).toISOString(),
    platform: 'kubernetes',
    cluster: clusterName,
    namespace,
    workload: `${workload.kind}/${workload.metadata.name}`,
    revision: workload.revision,
    rolloutState: workload.rolloutState,
    ...(workload.rolloutReason
      ? { rolloutStateReason: workload.rolloutReason }
      : {}),
    desiredCount: workload.replicas,
    readyCount: workload.readyReplicas,
    updatedCount: workload.updatedReplicas,
  };
}

/** A pod that runs, with the name, uid and start time the readings need. */
export type RunningPod = V1Pod & {
  metadata: { uid: string; name: string };
  status: { phase: 'Running'; startTime: Date };
};

/** Whether the pod runs (pending, finished or failed pods are no instances). */
export function isRunningPod(pod: V1Pod): pod is RunningPod {
  return (
    !!pod.metadata?.uid &&
    !!pod.metadata.name &&
    pod.status?.phase === 'Running' &&
    !!pod.status.startTime
  );
}

/** A running pod's `instance-info`, and its `health` from its Ready condition. */
export function publishPodReadings(
  ctx: CollectorContext<KubernetesCollectorConfig>,
  instance: ResourceRef,
  pod: RunningPod,
  namespace: string,
): void {
  const statuses = pod.status.containerStatuses ?? [];
  ctx.readings['instance-info'](
    instance,
    {
      ...(pod.status.podIP ? { ip: pod.status.podIP } : {}),
      ...(pod.spec?.nodeName ? { host: pod.spec.nodeName } : {}),
      startedAt: pod.status.startTime.toISOString(),
      platform: 'kubernetes',
      namespace,
      phase: pod.status.phase,
      restarts: statuses.reduce((sum, s) => sum + (s.restartCount ?? 0), 0),
      containers: statuses.map(s => ({
        name: s.name,
        image: s.image,
        imageID: s.imageID,
        ready: s.ready,
      })),
    },
    { collectedAt: ctx.now() },
  );
  const ready = pod.status.conditions?.find(c => c.type === 'Ready');
  if (ready) {
    ctx.readings.health(
      instance,
      {
        status: ready.status === 'True' ? 'UP' : 'DOWN',
        source: 'kubernetes',
        ...(ready.reason ? { reason: ready.reason } : {}),
      },
      { collectedAt: ctx.now() },
    );
  }
}
