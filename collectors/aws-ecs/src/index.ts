/**
 * Cockpit reference collector: ECS services, their rollouts and running tasks from the Amazon ECS API.
 *
 * @packageDocumentation
 */
export * from './awsEcs';
export * from './config';
export { parseArn, lastArnSegment } from './arn';
export { identifyService, mainContainerOf } from './mapping';
export type { AwsEcsCollectorState } from './events';
