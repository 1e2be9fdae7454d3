import { z } from 'zod';

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
