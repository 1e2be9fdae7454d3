/**
 * The demo fleet: a deterministic, realistic synthetic fleet for `yarn start` and the benchmarks.
 *
 * @packageDocumentation
 */
export * from './collector';
export * from './fleet';
export * from './packages';
export * from './random';
