/**
 * Cockpit reference collector: ECS services, their rollouts and running tasks from the Amazon ECS API.
 *
 * @packageDocumentation
 */
export * from './awsEcs';
