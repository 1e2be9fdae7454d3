/**
 * What Cockpit backend modules build on: the calculation API, its extension point and the
 * store every reader goes through.
 *
 * @packageDocumentation
 */
export * from './calculations';
export * from './store';
