/**
 * Cockpit reference collector: code insights and deployments from GitHub.
 *
 * @packageDocumentation
 */
export * from './codeInsights';
export * from './config';
export * from './deployments';
export * from './github';
