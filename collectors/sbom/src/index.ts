/**
 * Cockpit reference collector: dependencies of service deployments from CycloneDX and SPDX SBOMs.
 *
 * @packageDocumentation
 */
export * from './errors';
export * from './sbom';
