export * from './databaseErrors';
export * from './ingestBatches';
export * from './types';
export * from './validate';
export { createResourceIds } from './parse';
export type { ResourceIds } from './parse';
