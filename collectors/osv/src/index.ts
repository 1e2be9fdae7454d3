/**
 * Cockpit reference collector: vulnerabilities of dependency versions from OSV advisories.
 *
 * @packageDocumentation
 */
export * from './cvss';
export * from './osv';
export * from './versions';
