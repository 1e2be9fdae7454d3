/**
 * Cockpit reference collector: vulnerabilities of dependency versions from OSV advisories.
 *
 * @packageDocumentation
 */
export * from './advisory';
export { AliasGroups } from './aliases';
export * from './config';
export * from './cvss';
export * from './errors';
export * from './loadAdvisories';
export * from './matcher';
export * from './osv';
export * from './osvApi';
export { osvPackageOf } from './osvPackages';
export * from './sources';
export * from './versions';
export * from './zipSource';
export type { VulnerabilityItem } from './vulnerabilityItems';
