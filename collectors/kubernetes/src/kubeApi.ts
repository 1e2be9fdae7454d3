import {
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  V1Pod,
} from '@kubernetes/client-node';
import { KubernetesCollectorConfig } from './config';
import { Workload, deploymentWorkload, statefulSetWorkload } from './workloads';

/** The kubeconfig to use: the configured file (else the default chain) and context. */
export function loadKubeConfig(config: KubernetesCollectorConfig): KubeConfig {
  const kc = new KubeConfig();
  if (config.kubeconfig) kc.loadFromFile(config.kubeconfig);
  else kc.loadFromDefault();
  if (config.context) kc.setCurrentContext(config.context);
  return kc;
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

/** What one run reads of the cluster: its name, the workloads of the configured kinds, the labelled pods. */
export interface Snapshot {
  clusterName: string;
  workloads: Workload[];
  pods: V1Pod[];
}

/** Reads the pods with the service label and the workloads of the configured kinds, in the configured namespaces (or all). */
export async function readCluster(
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
