/**
 * Cockpit reference collector: vulnerabilities of container images from Amazon ECR scanning and Trivy reports.
 *
 * @packageDocumentation
 */
export * from './config';
export * from './containerImages';
export * from './ecr';
export * from './mergeScans';
export * from './trivy';
