/**
 * The Cockpit store: the database connection (embedded PGlite or PostgreSQL) and the
 * ingestion core shared by the sink Lambda, `POST /api/cockpit/ingest` and local mode.
 *
 * @packageDocumentation
 */
export * from './database';
export * from './ingest';
export * from './testing';
