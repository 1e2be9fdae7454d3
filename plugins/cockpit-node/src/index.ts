/**
 * What Cockpit backend modules build on: the calculation API and its extension point.
 *
 * @packageDocumentation
 */
export * from './calculations';
