/**
 * Knex migrations of the Cockpit store, shared by the sink, the data provider and the CLI.
 *
 * @packageDocumentation
 */
export * from './migrate';
