/**
 * Cockpit reference collector: dependencies of service deployments from CycloneDX and SPDX SBOMs.
 *
 * @packageDocumentation
 */
export * from './errors';
export { SbomCollectorConfigSchema } from './config';
export type { CycloneDxBom, CycloneDxComponent } from './cyclonedx';
export { sbomDependencies } from './cyclonedx';
export type { Sbom, SbomDependencies, SbomDescription } from './dependencies';
export { readSbom } from './readSbom';
export { sbomCollector } from './sbom';
export type { SpdxDocument, SpdxPackage } from './spdx';
export { spdxDependencies } from './spdx';
