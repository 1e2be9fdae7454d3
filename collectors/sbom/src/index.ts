/**
 * Cockpit reference collector: dependencies of service deployments from CycloneDX SBOMs.
 *
 * @packageDocumentation
 */
export * from './sbom';
