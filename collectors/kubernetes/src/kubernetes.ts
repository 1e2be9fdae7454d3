import { V1Pod } from '@kubernetes/client-node';
import {
  CollectorContext,
  defineCollector,
  publishDeploymentReadings,
  withDistinctEventTimes,
} from '@cockpit/collector-sdk';
import { names } from '@cockpit/plugin-cockpit-common';
import {
  KubernetesCollectorConfig,
  KubernetesCollectorConfigSchema,
} from './config';
import {
  KubernetesCollectorState,
  emitPodStarted,
  emitPodsGone,
  emitWorkloadEvents,
  emptyState,
} from './events';
import { loadKubeConfig, readCluster } from './kubeApi';
import {
  Placement,
  identify,
  mainContainerOf,
  workloadVersion,
} from './mapping';
import { deploymentInfo, isRunningPod, publishPodReadings } from './readings';
import { Workload, labelsOf } from './workloads';

/** What the steps of one run share: how to place objects, the last run's state and the next. */
interface Run {
  ctx: CollectorContext<KubernetesCollectorConfig>;
  placement: Placement;
  previous: KubernetesCollectorState;
  next: KubernetesCollectorState;
  /** Names of the deployments published so far. */
  deployments: Set<string>;
}

/**
 * Reads Deployments, StatefulSets (with their ReplicaSets for rollout times) and Pods through
 * the Kubernetes API -> `ServiceDeployment` with `deployment-info` and `deployment-images`,
 * `ContainerImage`, `ServiceInstance` per running pod with `instance-info` and `health` (its
 * Ready condition), and `service-event`s for rollouts started, completed or failed and pods
 * started or gone, each once (the collector keeps revisions and pods in its state).
 */
export const kubernetesCollector = defineCollector({
  id: 'kubernetes',
  description: 'Kubernetes Deployments, StatefulSets and their running pods',
  schedule: 'rate(5 minutes)',
  configSchema: KubernetesCollectorConfigSchema,
  async collect(runCtx) {
    // events of one service stamped alike (e.g. two rollouts seen finished by one run) stay apart
    const ctx = withDistinctEventTimes(runCtx);
    const snapshot = await readCluster(loadKubeConfig(ctx.config), ctx.config);
    const run: Run = {
      ctx,
      placement: { ...ctx.config, clusterName: snapshot.clusterName },
      previous:
        (await ctx.loadState<KubernetesCollectorState>()) ?? emptyState(),
      next: emptyState(),
      deployments: new Set<string>(),
    };

    let skipped = 0;
    for (const workload of snapshot.workloads)
      if (!publishWorkload(run, workload)) skipped += 1;
    let instances = 0;
    for (const pod of snapshot.pods) if (publishPod(run, pod)) instances += 1;

    emitPodsGone(ctx, run.previous, run.next);
    await ctx.saveState(run.next);
    ctx.logger.info(
      `read ${snapshot.workloads.length} workloads (${skipped} skipped) with ${instances} running pods in ${snapshot.clusterName}`,
    );
  },
});

/**
 * A workload as its service's deployment: `deployment-info`, `deployment-images` and its
 * rollout's events. False when it has no service label or environment (skipped).
 */
function publishWorkload(run: Run, workload: Workload): boolean {
  const { ctx, placement } = run;
  const namespace = workload.metadata.namespace ?? 'default';
  const identity = identify(
    { namespace, labels: labelsOf(workload) },
    placement,
  );
  if (!identity) {
    ctx.logger.debug(
      `${workload.kind} ${namespace}/${workload.metadata.name} has no "${placement.serviceLabel}" label or environment: skipped`,
    );
    return false;
  }
  const serviceRef = ctx.resources.service(identity);
  const deploymentRef = ctx.resources.serviceDeployment(identity);
  if (run.deployments.has(deploymentRef.name)) {
    ctx.logger.warn(
      `${workload.kind} ${namespace}/${workload.metadata.name} is a second workload of ${deploymentRef.name}: its info replaces the first one's`,
    );
  }
  run.deployments.add(deploymentRef.name);
  const main = mainContainerOf(
    workload.template.spec?.containers ?? [],
    identity.service,
    placement.mainContainer,
  );
  const version = workloadVersion(workload, main, placement);
  publishDeploymentReadings(
    ctx,
    deploymentRef,
    deploymentInfo({
      workload,
      namespace,
      clusterName: placement.clusterName,
      version,
      main,
    }),
  );
  emitWorkloadEvents({
    ...run,
    workload,
    key: `${namespace}/${workload.kind}/${workload.metadata.name}`,
    where: `${identity.service} ${identity.environment}`,
    version,
    serviceRef,
    deploymentRef,
  });
  return true;
}

/**
 * A running pod of a published deployment as an instance with `instance-info`, `health` and
 * its start event. False for other pods.
 */
function publishPod(run: Run, pod: V1Pod): boolean {
  const { ctx } = run;
  const namespace = pod.metadata?.namespace ?? 'default';
  const identity = identify(
    { namespace, labels: pod.metadata?.labels ?? {} },
    run.placement,
  );
  if (!identity || !isRunningPod(pod)) return false;
  // pods of jobs or bare pods belong to no deployment Cockpit knows
  if (!run.deployments.has(names.serviceDeployment(identity))) return false;
  const instance = ctx.resources.serviceInstance({
    ...identity,
    instanceId: pod.metadata.name,
  });
  publishPodReadings(ctx, instance, pod, namespace);
  emitPodStarted({ ...run, identity, instance, pod, namespace });
  return true;
}
