/**
 * Cockpit reference collector: code insights and deployments from GitHub.
 *
 * @packageDocumentation
 */
export * from './github';
