import {
  V1Deployment,
  V1ObjectMeta,
  V1Pod,
  V1PodTemplateSpec,
  V1ReplicaSet,
  V1StatefulSet,
} from '@kubernetes/client-node';

/** A Deployment or StatefulSet as the collector reads it. */
export interface Workload {
  kind: 'Deployment' | 'StatefulSet';
  metadata: V1ObjectMeta;
  template: V1PodTemplateSpec;
  revision: string;
  rolloutState: 'COMPLETED' | 'IN_PROGRESS' | 'FAILED';
  rolloutReason?: string;
  replicas: number;
  readyReplicas: number;
  updatedReplicas: number;
  deployedAt?: Date;
}

/** A Deployment's rollout: failed past its progress deadline, complete when every replica runs the new template. */
export function deploymentWorkload(
  deployment: V1Deployment,
  replicaSets: V1ReplicaSet[],
): Workload {
  const status = deployment.status ?? {};
  const replicas = deployment.spec?.replicas ?? 1;
  const revision =
    deployment.metadata?.annotations?.['deployment.kubernetes.io/revision'] ??
    String(deployment.metadata?.generation ?? 0);
  const progressing = status.conditions?.find(c => c.type === 'Progressing');
  const current = replicaSets.find(
    rs =>
      rs.metadata?.ownerReferences?.some(
        o => o.uid === deployment.metadata?.uid,
      ) &&
      rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] ===
        revision,
  );
  let rolloutState: Workload['rolloutState'] = 'IN_PROGRESS';
  if (
    progressing?.status === 'False' &&
    progressing.reason === 'ProgressDeadlineExceeded'
  )
    rolloutState = 'FAILED';
  else if (
    (status.observedGeneration ?? 0) >=
      (deployment.metadata?.generation ?? 0) &&
    (status.updatedReplicas ?? 0) === replicas &&
    (status.availableReplicas ?? 0) === replicas &&
    (status.replicas ?? 0) === replicas
  ) {
    rolloutState = 'COMPLETED';
  }
  return {
    kind: 'Deployment',
    metadata: deployment.metadata ?? {},
    template: deployment.spec?.template ?? {},
    revision,
    rolloutState,
    ...(rolloutState === 'FAILED' && progressing?.message
      ? { rolloutReason: progressing.message }
      : {}),
    replicas,
    readyReplicas: status.readyReplicas ?? 0,
    updatedReplicas: status.updatedReplicas ?? 0,
    deployedAt:
      current?.metadata?.creationTimestamp ??
      deployment.metadata?.creationTimestamp,
  };
}

/** A StatefulSet's rollout: complete when the current revision is the update revision and every replica is ready. */
export function statefulSetWorkload(
  set: V1StatefulSet,
  pods: V1Pod[],
): Workload {
  const status = set.status ?? { replicas: 0 };
  const replicas = set.spec?.replicas ?? 1;
  const revision =
    status.updateRevision ??
    status.currentRevision ??
    String(set.metadata?.generation ?? 0);
  const complete =
    status.currentRevision === status.updateRevision &&
    (status.readyReplicas ?? 0) === replicas;
  // a StatefulSet keeps no rollout time: its first pod of the revision tells when it went out
  const starts = pods
    .filter(
      p =>
        p.metadata?.namespace === set.metadata?.namespace &&
        p.metadata?.labels?.['controller-revision-hash'] === revision,
    )
    .map(p => p.status?.startTime)
    .filter((t): t is Date => !!t)
    .sort((a, b) => a.getTime() - b.getTime());
  return {
    kind: 'StatefulSet',
    metadata: set.metadata ?? {},
    template: set.spec?.template ?? {},
    revision,
    rolloutState: complete ? 'COMPLETED' : 'IN_PROGRESS',
    replicas,
    readyReplicas: status.readyReplicas ?? 0,
    updatedReplicas: status.updatedReplicas ?? 0,
    deployedAt: starts[0] ?? set.metadata?.creationTimestamp,
  };
}

/** The labels of a workload: its pod template's, overridden by its own. */
export function labelsOf(workload: Workload): Record<string, string> {
  return { ...workload.template.metadata?.labels, ...workload.metadata.labels };
}
