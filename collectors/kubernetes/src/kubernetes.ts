import {
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  V1Container,
  V1Deployment,
  V1ObjectMeta,
  V1Pod,
  V1PodTemplateSpec,
  V1ReplicaSet,
  V1StatefulSet,
} from '@kubernetes/client-node';
import { z } from 'zod';
import {
  CollectorContext,
  defineCollector,
  withDistinctEventTimes,
} from '@cockpit/collector-sdk';
import {
  RESOURCE_TYPES,
  ResourceRef,
  names,
  imageTag,
} from '@cockpit/plugin-cockpit-common';

/** Configuration of the Kubernetes collector. */
export const KubernetesCollectorConfigSchema = z.object({
  /** Path of a kubeconfig file; the default chain (`KUBECONFIG`, `~/.kube/config`, in-cluster) when absent. */
  kubeconfig: z.string().optional(),
  /** Context of the kubeconfig to use; its current context when absent. */
  context: z.string().optional(),
  /** Name of the cluster (for `environmentFrom: "cluster"`); the context's cluster name when absent. */
  cluster: z.string().min(1).optional(),
  /** Namespaces to read; all of them when absent. */
  namespaces: z.array(z.string().min(1)).optional(),
  /** Workload kinds to read. */
  kinds: z
    .array(z.enum(['Deployment', 'StatefulSet']))
    .default(['Deployment', 'StatefulSet']),
  /** Label holding the Cockpit (catalog) service name, on the workload or its pod template. */
  serviceLabel: z.string().default('app.kubernetes.io/name'),
  /** Label holding the version; the main container's image tag otherwise. */
  versionLabel: z.string().default('app.kubernetes.io/version'),
  /** Where the environment comes from: the namespace, the cluster name, or a label. */
  environmentFrom: z
    .enum(['namespace', 'cluster', 'label'])
    .default('namespace'),
  /** Label holding the environment, for `environmentFrom: "label"`. */
  environmentLabel: z.string().default('environment'),
  /** Renames namespaces, clusters or label values to environments (`{ "payments-prod": "production" }`). */
  environments: z.record(z.string(), z.string().min(1)).default({}),
  /** Name of the main container (its image gives version and `image`); else the one named like the service, else the first. */
  mainContainer: z.string().optional(),
  /** Items per list call (the API server pages with `continue`). */
  pageSize: z.number().int().min(1).max(5000).default(500),
});

/** Configuration of the Kubernetes collector, as parsed. */
export type KubernetesCollectorConfig = z.output<
  typeof KubernetesCollectorConfigSchema
>;

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

interface Page<T> {
  items: T[];
  metadata?: { _continue?: string };
}

async function listAll<T>(
  fetchPage: (cont: string | undefined) => Promise<Page<T>>,
): Promise<T[]> {
  const items: T[] = [];
  let cont: string | undefined;
  do {
    const page = await fetchPage(cont);
    items.push(...page.items);
    cont = page.metadata?._continue || undefined;
  } while (cont);
  return items;
}

/** Lists a kind in the configured namespaces (or all), page by page. */
async function listInNamespaces<T>(
  namespaces: string[] | undefined,
  all: (page: { _continue?: string }) => Promise<Page<T>>,
  namespaced: (page: {
    namespace: string;
    _continue?: string;
  }) => Promise<Page<T>>,
): Promise<T[]> {
  if (!namespaces) return listAll(cont => all({ _continue: cont }));
  const lists = await Promise.all(
    namespaces.map(namespace =>
      listAll(cont => namespaced({ namespace, _continue: cont })),
    ),
  );
  return lists.flat();
}

/** The Cockpit service and environment of a labelled object in a namespace, or undefined when it has no service label. */
export function identify(
  object: { namespace: string; labels: Record<string, string> },
  config: KubernetesCollectorConfig & { clusterName: string },
): { service: string; environment: string } | undefined {
  const service = object.labels[config.serviceLabel];
  if (!service) return undefined;
  let raw: string | undefined;
  if (config.environmentFrom === 'namespace') raw = object.namespace;
  else if (config.environmentFrom === 'cluster') raw = config.clusterName;
  else raw = object.labels[config.environmentLabel];
  if (!raw) return undefined;
  return { service, environment: config.environments[raw] ?? raw };
}

function mainContainerOf(
  containers: V1Container[],
  service: string,
  configured?: string,
): V1Container | undefined {
  return (
    (configured && containers.find(c => c.name === configured)) ||
    containers.find(c => c.name === service) ||
    containers[0]
  );
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

function labelsOf(workload: Workload): Record<string, string> {
  return { ...workload.template.metadata?.labels, ...workload.metadata.labels };
}

interface Snapshot {
  clusterName: string;
  workloads: Workload[];
  pods: V1Pod[];
}

async function readCluster(
  kc: KubeConfig,
  config: KubernetesCollectorConfig,
): Promise<Snapshot> {
  const apps = kc.makeApiClient(AppsV1Api);
  const core = kc.makeApiClient(CoreV1Api);
  const clusterName =
    config.cluster ?? kc.getCurrentCluster()?.name ?? 'default';
  const selector = {
    labelSelector: config.serviceLabel,
    limit: config.pageSize,
  };
  const pods = await listInNamespaces(
    config.namespaces,
    p => core.listPodForAllNamespaces({ ...selector, ...p }),
    p => core.listNamespacedPod({ ...selector, ...p }),
  );
  const workloads: Workload[] = [];
  if (config.kinds.includes('Deployment')) {
    const [deployments, replicaSets] = await Promise.all([
      listInNamespaces(
        config.namespaces,
        p =>
          apps.listDeploymentForAllNamespaces({ limit: config.pageSize, ...p }),
        p => apps.listNamespacedDeployment({ limit: config.pageSize, ...p }),
      ),
      listInNamespaces(
        config.namespaces,
        p =>
          apps.listReplicaSetForAllNamespaces({ limit: config.pageSize, ...p }),
        p => apps.listNamespacedReplicaSet({ limit: config.pageSize, ...p }),
      ),
    ]);
    workloads.push(...deployments.map(d => deploymentWorkload(d, replicaSets)));
  }
  if (config.kinds.includes('StatefulSet')) {
    const sets = await listInNamespaces(
      config.namespaces,
      p =>
        apps.listStatefulSetForAllNamespaces({ limit: config.pageSize, ...p }),
      p => apps.listNamespacedStatefulSet({ limit: config.pageSize, ...p }),
    );
    workloads.push(...sets.map(s => statefulSetWorkload(s, pods)));
  }
  return { clusterName, workloads, pods };
}

function emitWorkloadEvents(options: {
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
  const {
    ctx,
    workload,
    key,
    where,
    version,
    serviceRef,
    deploymentRef,
    previous,
    next,
  } = options;
  const seen = previous.workloads[key];
  const label = `${workload.kind} ${workload.metadata.namespace}/${workload.metadata.name} revision ${workload.revision}`;
  const common = {
    resource: deploymentRef,
    workload: key,
    revision: workload.revision,
    version,
    rolloutState: workload.rolloutState,
  };
  if (seen?.revision !== workload.revision) {
    ctx.readings['service-event'](
      serviceRef,
      {
        kind: 'deployment',
        title: `${where}: rollout of ${label} (${version}) started`,
        ...common,
      },
      { collectedAt: workload.deployedAt ?? ctx.now() },
    );
  }
  const changed =
    seen?.revision !== workload.revision ||
    seen.rolloutState !== workload.rolloutState;
  if (changed && workload.rolloutState !== 'IN_PROGRESS') {
    const failed = workload.rolloutState === 'FAILED';
    ctx.readings['service-event'](
      serviceRef,
      {
        kind: failed ? 'deployment-failed' : 'deployment-completed',
        title: `${where}: rollout of ${label} (${version}) ${
          failed ? 'failed' : 'completed'
        }${
          failed && workload.rolloutReason ? `: ${workload.rolloutReason}` : ''
        }`,
        ...(failed ? { severity: 'HIGH' } : {}),
        ...common,
      },
      // Kubernetes keeps no completion time; the run that sees it is the closest honest time
      { collectedAt: ctx.now() },
    );
  }
  next.workloads[key] = {
    revision: workload.revision,
    rolloutState: workload.rolloutState,
  };
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
    const config = ctx.config;
    const kc = new KubeConfig();
    if (config.kubeconfig) kc.loadFromFile(config.kubeconfig);
    else kc.loadFromDefault();
    if (config.context) kc.setCurrentContext(config.context);
    const snapshot = await readCluster(kc, config);
    const placement = { ...config, clusterName: snapshot.clusterName };
    const previous = (await ctx.loadState<KubernetesCollectorState>()) ?? {
      workloads: {},
      pods: {},
    };
    const next: KubernetesCollectorState = { workloads: {}, pods: {} };

    const deployments = new Set<string>();
    let skipped = 0;
    for (const workload of snapshot.workloads) {
      const namespace = workload.metadata.namespace ?? 'default';
      const identity = identify(
        { namespace, labels: labelsOf(workload) },
        placement,
      );
      if (!identity) {
        skipped += 1;
        ctx.logger.debug(
          `${workload.kind} ${namespace}/${workload.metadata.name} has no "${config.serviceLabel}" label or environment: skipped`,
        );
        continue;
      }
      const serviceRef = ctx.resources.service(identity);
      const deploymentRef = ctx.resources.serviceDeployment(identity);
      if (deployments.has(deploymentRef.name)) {
        ctx.logger.warn(
          `${workload.kind} ${namespace}/${workload.metadata.name} is a second workload of ${deploymentRef.name}: its info replaces the first one's`,
        );
      }
      deployments.add(deploymentRef.name);
      const containers = workload.template.spec?.containers ?? [];
      const main = mainContainerOf(
        containers,
        identity.service,
        config.mainContainer,
      );
      const images = containers
        .map(c => c.image)
        .filter((i): i is string => !!i);
      const version =
        labelsOf(workload)[config.versionLabel] ||
        imageTag(main?.image) ||
        `revision ${workload.revision}`;
      ctx.readings['deployment-info'](
        deploymentRef,
        {
          version,
          ...(main?.image ? { image: main.image } : {}),
          ...(images.length ? { images } : {}),
          deployedAt: (workload.deployedAt ?? new Date(0)).toISOString(),
          platform: 'kubernetes',
          cluster: snapshot.clusterName,
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
        },
        { collectedAt: ctx.now() },
      );
      const imageNames = images.map(
        image => ctx.resources.containerImage({ image }).name,
      );
      ctx.readings['deployment-images'](
        deploymentRef,
        { images: [...new Set(imageNames)] },
        { collectedAt: ctx.now() },
      );
      emitWorkloadEvents({
        ctx,
        workload,
        key: `${namespace}/${workload.kind}/${workload.metadata.name}`,
        where: `${identity.service} ${identity.environment}`,
        version,
        serviceRef,
        deploymentRef,
        previous,
        next,
      });
    }

    let instances = 0;
    for (const pod of snapshot.pods) {
      const namespace = pod.metadata?.namespace ?? 'default';
      const identity = identify(
        { namespace, labels: pod.metadata?.labels ?? {} },
        placement,
      );
      if (
        !identity ||
        !pod.metadata?.uid ||
        !pod.metadata.name ||
        pod.status?.phase !== 'Running' ||
        !pod.status.startTime
      )
        continue;
      // pods of jobs or bare pods belong to no deployment Cockpit knows
      if (!deployments.has(names.serviceDeployment(identity))) continue;
      const instanceId = pod.metadata.name;
      const instance = ctx.resources.serviceInstance({
        ...identity,
        instanceId,
      });
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
      instances += 1;
    }

    for (const [uid, seen] of Object.entries(previous.pods)) {
      if (next.pods[uid]) continue;
      if (config.namespaces && !config.namespaces.includes(seen.namespace)) {
        next.pods[uid] = seen; // a namespace this run did not read
        continue;
      }
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
    await ctx.saveState(next);
    ctx.logger.info(
      `read ${snapshot.workloads.length} workloads (${skipped} skipped) with ${instances} running pods in ${snapshot.clusterName}`,
    );
  },
});
