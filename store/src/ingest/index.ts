export * from './ingestBatches';
export * from './types';
export { parseBatch } from './parse';
export type { ParsedBatch } from './parse';
