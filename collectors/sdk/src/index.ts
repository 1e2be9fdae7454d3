/**
 * The Cockpit collector SDK: define a collector, run it, publish what it collects (SNS,
 * the sink Lambda, the REST API, in-process, NDJSON) and test it.
 *
 * @packageDocumentation
 */
export * from './awsRecordings';
export * from './batching';
export * from './cockpitResources';
export * from './collector';
export * from './context';
export * from './deploymentReadings';
export * from './environmentSuffix';
export * from './errors';
export * from './eventTimes';
export * from './lambdaEnvironment';
export * from './lambdaHandler';
export * from './logger';
export * from './publishers';
export * from './replayServer';
export * from './runner';
export * from './schedule';
export * from './sinceLastRun';
export * from './sourceHttp';
export * from './state';
export * from './testing';
