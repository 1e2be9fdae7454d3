/**
 * Isomorphic Cockpit model: the wire format, names, resource ids, well-known reading
 * types, permissions and the REST client.
 *
 * @packageDocumentation
 */
export * from './calculations';
export * from './client';
export * from './concurrency';
export * from './codeInsights';
export * from './collectorRuns';
export * from './ids';
export * from './model';
export * from './names';
export * from './permissions';
export * from './readingTypes';
export * from './wellKnown';
export * from './schedule';
export * from './wire';
