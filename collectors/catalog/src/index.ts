/**
 * Cockpit reference collector: service ownership and tech stack from the Backstage catalog.
 *
 * @packageDocumentation
 */
export * from './catalog';
