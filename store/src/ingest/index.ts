export * from './ingestBatches';
export * from './types';
