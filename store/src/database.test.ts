import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateRollback, migrationStatus } from '@cockpit/migrations';
import { openCockpitDatabase, startEmbeddedPostgres } from './database';
import { testDatabaseEngines } from './testing';

jest.setTimeout(60_000);

describe.each(testDatabaseEngines())('Cockpit database on $name', engine => {
  it('creates the tables of the contract, every column commented', async () => {
    const db = await engine.open();
    try {
      const columns = await db.knex
        .select('c.table_name', 'c.column_name')
        .select(
          db.knex.raw(
            `col_description(format('%I.%I', c.table_schema, c.table_name)::regclass, c.ordinal_position) AS comment`,
          ),
        )
        .from('information_schema.columns as c')
        .where('c.table_schema', 'public')
        .whereIn('c.table_name', [
          'resources',
          'readings',
          'rejections',
          'reading_versions',
          'resource_tombstones',
        ]);
      const byTable = (table: string) =>
        columns
          .filter(c => c.table_name === table)
          .map(c => c.column_name)
          .sort();
      expect(byTable('resources')).toEqual(
        [
          'created_on',
          'id',
          'last_seen_on',
          'name',
          'parent_id',
          'parent_set_at',
          'type',
        ].sort(),
      );
      expect(byTable('readings')).toEqual(
        [
          'collected_at',
          'collector',
          'created_on',
          'id',
          'resource_id',
          'source',
          'storage_mode',
          'type',
          'value',
          'value_since',
        ].sort(),
      );
      expect(columns.filter(c => !c.comment)).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it('keeps one SNAPSHOT per resource and type, and one TIME_SERIES point per time', async () => {
    const db = await engine.open();
    try {
      const id = '00000000-0000-5000-8000-000000000001';
      await db.knex('resources').insert({ id, type: 'Service', name: 'a' });
      const reading = {
        resource_id: id,
        type: 'health',
        value: { status: 'UP' },
      };
      await db.knex('readings').insert({
        ...reading,
        storage_mode: 'SNAPSHOT',
        collected_at: new Date(1),
      });
      await expect(
        db.knex('readings').insert({
          ...reading,
          storage_mode: 'SNAPSHOT',
          collected_at: new Date(2),
        }),
      ).rejects.toThrow(/readings_snapshot_key/);
      await db.knex('readings').insert({
        ...reading,
        storage_mode: 'TIME_SERIES',
        collected_at: new Date(1),
      });
      await expect(
        db.knex('readings').insert({
          ...reading,
          storage_mode: 'TIME_SERIES',
          collected_at: new Date(1),
        }),
      ).rejects.toThrow(/readings_time_series_key/);
    } finally {
      await db.close();
    }
  });

  it('rolls every migration back and applies them again', async () => {
    const db = await engine.open();
    try {
      const reverted = await migrateRollback({ knex: db.knex, all: true });
      expect(reverted.length).toBeGreaterThan(0);
      expect(await db.knex.schema.hasTable('resources')).toBe(false);
      expect((await migrationStatus({ knex: db.knex })).applied).toEqual([]);
    } finally {
      await db.close();
    }
  });
});

describe('embedded PostgreSQL started by this process', () => {
  it('is shared through one pool by every opener of its URL, and stays open until the last closes', async () => {
    const embedded = await startEmbeddedPostgres({});
    try {
      const first = await openCockpitDatabase({ url: embedded.url });
      const second = await openCockpitDatabase({ url: embedded.url });
      expect(second.knex).toBe(first.knex);
      expect(second.engine).toBe('pglite');
      await first.close();
      await expect(second.knex('resources').count()).resolves.toEqual([
        { count: '0' },
      ]);
      await second.close();
    } finally {
      await embedded.close();
    }
  });
});

describe('the embedded database lock', () => {
  async function holdInChild(dataDir: string, extraArgs: string[] = []) {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(__dirname, '__fixtures__', 'holdEmbeddedDatabase.ts'),
        dataDir,
        ...extraArgs,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on(
        'data',
        chunk => String(chunk).includes('ready') && resolve(),
      );
      child.once('exit', code =>
        reject(new Error(`the child exited with ${code} before it was ready`)),
      );
    });
    return child;
  }

  it.each([
    ['SIGTERM', []],
    ['SIGINT', []],
    ['SIGTERM', ['--host-handler']],
  ] as const)(
    'is released when the process is stopped with %s %j',
    async (signal, extraArgs) => {
      // A fresh embedded database on disk starts in seconds, or in a minute on a busy machine.
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cockpit-lock-'));
      const lockFile = path.join(dataDir, 'cockpit.pid');
      try {
        const child = await holdInChild(dataDir, [...extraArgs]);
        expect(fs.readFileSync(lockFile, 'utf8')).toBe(String(child.pid));

        const exited = new Promise(resolve =>
          child.once('exit', (code, sig) => resolve(sig ?? code)),
        );
        child.kill(signal);

        expect(await exited).toBe(extraArgs.length > 0 ? 0 : signal);
        expect(fs.existsSync(lockFile)).toBe(false);
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
    180_000,
  );
});
