import { V1Container } from '@kubernetes/client-node';
import { imageTag } from '@cockpit/plugin-cockpit-common';
import { KubernetesCollectorConfig } from './config';
import { Workload, labelsOf } from './workloads';

/** How the run places objects: the configuration and the cluster's name. */
export type Placement = KubernetesCollectorConfig & { clusterName: string };

/** The Cockpit service and environment of a labelled object in a namespace, or undefined when it has no service label. */
export function identify(
  object: { namespace: string; labels: Record<string, string> },
  config: Placement,
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

/** The main container of a pod template: configured, named like the service, or the first. */
export function mainContainerOf(
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

/** The version a workload deploys: its version label, else its main container's image tag, else its revision. */
export function workloadVersion(
  workload: Workload,
  main: V1Container | undefined,
  config: KubernetesCollectorConfig,
): string {
  return (
    labelsOf(workload)[config.versionLabel] ||
    imageTag(main?.image) ||
    `revision ${workload.revision}`
  );
}
