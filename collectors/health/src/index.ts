/**
 * Cockpit reference collector: instance health, start time and JVM from actuator or `/health`.
 *
 * @packageDocumentation
 */
export * from './health';
export * from './probe';
