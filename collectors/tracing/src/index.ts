/**
 * Cockpit reference collectors: egress dependencies from the AWS X-Ray service graph and from Jaeger.
 *
 * @packageDocumentation
 */
export * from './egress';
export * from './jaeger';
export * from './xray';
