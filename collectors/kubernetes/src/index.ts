/**
 * Cockpit reference collector: Kubernetes Deployments, StatefulSets and their running pods.
 *
 * @packageDocumentation
 */
export * from './kubernetes';
export * from './replayServer';
