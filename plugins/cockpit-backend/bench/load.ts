/*
 * Loads the benchmark fleet (the demo-fleet generator's messages) straight into a fresh
 * database with set-based unnest inserts: a bench fixture, not the ingest path. Foreign keys
 * are not checked during the load (session_replication_role = replica) and the non-unique
 * reading indexes are built after it, as a restore would.
 */
import type { Knex } from 'knex';
import { resourceId } from '@cockpit/plugin-cockpit-common';
import {
  generateFleetMessages,
  FleetOptions,
} from '@cockpit/collector-demo-fleet';

const ROWS_PER_INSERT = 10_000;

interface ResourceRow {
  id: string;
  type: string;
  name: string;
  parentId: string | null;
}

/** Loads the fleet; returns row counts and seconds spent. */
export async function loadFleet(options: {
  knex: Knex;
  fleet: FleetOptions;
  log: (line: string) => void;
}): Promise<{ resources: number; readings: number; seconds: number }> {
  const { knex, log } = options;
  const started = Date.now();
  const deferredIndexes: { indexname: string; indexdef: string }[] = (
    await knex.raw(
      `SELECT indexname, indexdef FROM pg_indexes
        WHERE schemaname = current_schema() AND tablename IN ('readings', 'resources')
          AND indexdef NOT LIKE 'CREATE UNIQUE%'`,
    )
  ).rows;
  for (const index of deferredIndexes) {
    await knex.raw(`DROP INDEX ${index.indexname}`);
  }

  const resources = new Map<string, ResourceRow>();
  const ids = new Map<string, string>();
  const idOf = (type: string, name: string) => {
    const key = `${type}\n${name}`;
    let id = ids.get(key);
    if (!id) {
      id = resourceId(type, name);
      ids.set(key, id);
    }
    return id;
  };
  const ensure = (
    type: string,
    name: string,
    parent?: { type: string; name: string },
  ) => {
    const id = idOf(type, name);
    const existing = resources.get(id);
    const parentId = parent ? idOf(parent.type, parent.name) : null;
    if (!existing) resources.set(id, { id, type, name, parentId });
    else if (parentId) existing.parentId = parentId;
    if (parent) ensure(parent.type, parent.name);
  };

  // One connection per concurrent insert; both sessions skip foreign key triggers.
  const inFlight = new Set<Promise<void>>();
  const batch = {
    resource_id: [] as string[],
    type: [] as string[],
    value: [] as string[],
    storage_mode: [] as string[],
    collected_at: [] as string[],
  };
  let readings = 0;
  const flush = async () => {
    if (batch.resource_id.length === 0) return;
    const columns = Object.values(batch).map(column => column.splice(0));
    const insert = knex
      .transaction(async tx => {
        await tx.raw(`SET LOCAL session_replication_role = replica`);
        await tx.raw(
          `INSERT INTO readings (resource_id, type, value, storage_mode, collected_at)
           SELECT * FROM unnest(?::uuid[], ?::text[], ?::jsonb[], ?::text[], ?::timestamptz[])
           ON CONFLICT DO NOTHING`,
          columns,
        );
      })
      .then(() => undefined);
    inFlight.add(insert);
    insert.finally(() => inFlight.delete(insert));
    if (inFlight.size >= 2) await Promise.race(inFlight);
  };

  const now = new Date().toISOString();
  let lastLog = Date.now();
  for (const message of generateFleetMessages(options.fleet) as Iterable<any>) {
    if (message.kind === 'resource') {
      ensure(message.type, message.name, message.parent);
      continue;
    }
    ensure(message.resource.type, message.resource.name);
    batch.resource_id.push(idOf(message.resource.type, message.resource.name));
    batch.type.push(message.type);
    batch.value.push(JSON.stringify(message.value));
    batch.storage_mode.push(message.storageMode ?? 'SNAPSHOT');
    batch.collected_at.push(message.collectedAt ?? now);
    readings += 1;
    if (batch.resource_id.length >= ROWS_PER_INSERT) await flush();
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      log(
        `  ${readings.toLocaleString('en')} readings generated, ${Math.round(
          (Date.now() - started) / 1000,
        )} s`,
      );
    }
  }
  await flush();
  await Promise.all(inFlight);

  const rows = [...resources.values()];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + ROWS_PER_INSERT);
    await knex.transaction(async tx => {
      await tx.raw(`SET LOCAL session_replication_role = replica`);
      await tx.raw(
        `INSERT INTO resources (id, type, name, parent_id)
         SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::uuid[]) ON CONFLICT DO NOTHING`,
        [
          chunk.map(r => r.id),
          chunk.map(r => r.type),
          chunk.map(r => r.name),
          // a null parent binds as SQL NULL; knex's types know only arrays of strings
          chunk.map(r => r.parentId) as string[],
        ],
      );
    });
  }
  log(
    `  ${rows.length.toLocaleString(
      'en',
    )} resources and ${readings.toLocaleString(
      'en',
    )} readings written, building indexes`,
  );
  for (const index of deferredIndexes) {
    await knex.raw(index.indexdef);
  }
  await knex.raw('VACUUM ANALYZE resources');
  await knex.raw('VACUUM ANALYZE readings');
  return {
    resources: rows.length,
    readings,
    seconds: (Date.now() - started) / 1000,
  };
}
