import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

/** Where a store read runs: the database, and whether it may use named prepared statements. */
export interface ReadConnection {
  knex: Knex;
  /**
   * Send the read as a named prepared statement, so that each pooled connection parses and
   * plans it once rather than on every call (the planning of the calculations' reads costs
   * as much as running them). See {@link supportsPreparedStatements}.
   */
  prepared?: boolean;
}

/**
 * A raw read. Prepared, it is named after its SQL text: a read's text depends only on which
 * filters it has (values are always bindings, lists one array binding each), so each
 * connection holds a few dozen statements at most, and a text can never meet another's name.
 */
export function readRaw(
  connection: ReadConnection,
  sql: string,
  bindings: readonly Knex.RawBinding[],
): Knex.Raw {
  const query = connection.knex.raw(sql, bindings);
  if (!connection.prepared) return query;
  const name = `cockpit_${createHash('sha1')
    .update(sql)
    .digest('hex')
    .slice(0, 24)}`;
  return query.options({ name });
}

/**
 * Whether the store's reads may be named prepared statements on this database: not on the
 * embedded engine, whose one PostgreSQL session outlives the connections made to it (a new
 * connection could not know which names the session already holds), and not when
 * `cockpit.database.preparedStatements` is false (a pooler that runs each transaction on
 * any server connection, such as PgBouncer before 1.21 in transaction mode).
 */
export async function supportsPreparedStatements(
  knex: Knex,
  configured: boolean | undefined,
): Promise<boolean> {
  if (configured === false) return false;
  const { rows } = await knex.raw('SELECT version() AS version');
  return !String(rows[0]?.version).includes('PGlite');
}
