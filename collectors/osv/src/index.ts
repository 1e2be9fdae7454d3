/**
 * Cockpit reference collector: vulnerabilities of dependency versions from OSV advisories.
 *
 * @packageDocumentation
 */
export * from './advisory';
export * from './cvss';
export * from './errors';
export * from './matcher';
export * from './maven';
export * from './osv';
export * from './sources';
export * from './versions';
