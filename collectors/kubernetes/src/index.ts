/**
 * Cockpit reference collector: Kubernetes Deployments, StatefulSets and their running pods.
 *
 * @packageDocumentation
 */
export * from './kubernetes';
export * from './config';
export { identify } from './mapping';
export type { KubernetesCollectorState } from './events';
export type { Workload } from './workloads';
export { deploymentWorkload, statefulSetWorkload } from './workloads';
export * from './replayServer';
