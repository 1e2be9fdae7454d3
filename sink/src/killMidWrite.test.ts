import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import {
  createKnex,
  openCockpitDatabase,
  startEmbeddedPostgres,
  TestDatabaseEngine,
  testDatabaseEngines,
} from '@cockpit/store';
import { createSinkHandler } from './handler';
import { publishBatch, recordingLogger, sqsEvent } from './testEvents';

jest.setTimeout(180_000);

const counts = async (knex: Knex) => ({
  resources: Number((await knex('resources').count({ n: '*' }))[0].n),
  readings: Number((await knex('readings').count({ n: '*' }))[0].n),
});

/**
 * A database the test and a child process can both reach. The embedded PostgreSQL serves one
 * connection, so on it the test holds none while the child runs.
 */
async function sharedDatabase(engine: TestDatabaseEngine) {
  if (engine.name === 'postgres') {
    const database = await engine.open();
    return {
      url: database.url,
      connect: async () => database.knex,
      close: () => database.close(),
    };
  }
  const embedded = await startEmbeddedPostgres();
  // Migrated, then its connection let go.
  await (await openCockpitDatabase({ url: embedded.url })).close();
  let knex: Knex | undefined;
  return {
    url: embedded.url,
    connect: async () =>
      (knex ??= createKnex({ url: embedded.url, pool: { min: 0, max: 1 } })),
    close: async () => {
      await knex?.destroy();
      await embedded.close();
    },
  };
}

describe.each(testDatabaseEngines())(
  'a sink killed with SIGKILL in the middle of its transaction, on $name',
  engine => {
    let database: Awaited<ReturnType<typeof sharedDatabase>>;
    let eventFile: string;

    beforeAll(async () => {
      database = await sharedDatabase(engine);
      eventFile = path.join(
        fs.mkdtempSync(path.join(os.tmpdir(), 'cockpit-kill-')),
        'event.json',
      );
    });
    afterAll(async () => {
      await database?.close();
      fs.rmSync(path.dirname(eventFile), { recursive: true, force: true });
    });

    it('commits nothing, and its redelivered event lands exactly once', async () => {
      const messages = [
        { kind: 'resource', type: 'Service', name: 'killed' },
        ...Array.from({ length: 50 }, (_, i) => ({
          kind: 'reading',
          type: 'latency',
          storageMode: 'TIME_SERIES',
          resource: { type: 'Service', name: 'killed' },
          value: { ms: i },
          collectedAt: new Date(Date.UTC(2026, 11, 2, 10, 0, i)).toISOString(),
        })),
      ];
      const event = sqsEvent([
        { messageId: 'm-1', body: publishBatch(messages) },
      ]);
      fs.writeFileSync(eventFile, JSON.stringify(event));

      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          path.join(__dirname, '__fixtures__', 'sinkUntilWrite.ts'),
          database.url,
          eventFile,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      const exited = new Promise(resolve =>
        child.once('exit', (_code, signal) => resolve(signal)),
      );
      const said = await new Promise<string>(resolve => {
        child.stdout!.on('data', chunk => resolve(String(chunk).trim()));
        child.once('exit', () => resolve('exited'));
      });
      expect(said).toBe('writing');
      // Time for the database to run the statement it received, inside the open transaction.
      await new Promise(resolve => setTimeout(resolve, 500));
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');

      const knex = await database.connect();
      expect(await counts(knex)).toEqual({ resources: 0, readings: 0 });

      const handler = createSinkHandler({
        getKnex: async () => knex,
        logger: recordingLogger(),
      });
      expect(await handler(event)).toEqual({ batchItemFailures: [] });
      expect(await handler(event)).toEqual({ batchItemFailures: [] });
      expect(await counts(knex)).toEqual({ resources: 1, readings: 50 });
    });
  },
);
