/**
 * The Cockpit data provider (BFF) backend plugin.
 *
 * @packageDocumentation
 */
export { cockpitPlugin as default } from './plugin';
