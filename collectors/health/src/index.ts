/**
 * Cockpit reference collector: instance health, start time and JVM from actuator or `/health`.
 *
 * @packageDocumentation
 */
export * from './health';
export { HealthCollectorConfigSchema } from './config';
export type { HealthCollectorState } from './events';
export * from './probe';
