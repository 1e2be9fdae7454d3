import net from 'node:net';
import {
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import {
  openCockpitDatabase,
  startEmbeddedPostgres,
  TestDatabaseEngine,
  testDatabaseEngines,
} from '@cockpit/store';
import { lazySinkDatabase } from './database';
import { createSinkHandler } from './handler';
import { publishBatch, recordingLogger, sqsEvent } from './testEvents';

jest.setTimeout(60_000);

const secretsManager = mockClient(SecretsManagerClient);

/**
 * A PostgreSQL server that refuses every login the way a server does after the password was
 * rotated: it reads the startup message and answers an ErrorResponse with SQLSTATE 28P01.
 */
async function serverRefusingThePassword(): Promise<{
  url: string;
  logins: () => number;
  close: () => Promise<void>;
}> {
  let logins = 0;
  const server = net.createServer(socket => {
    socket.once('data', () => {
      logins += 1;
      const fields = Buffer.from(
        'SFATAL\0VFATAL\0C28P01\0Mpassword authentication failed for user "cockpit"\0\0',
      );
      const header = Buffer.alloc(5);
      header.write('E', 0);
      header.writeInt32BE(fields.length + 4, 1);
      socket.end(Buffer.concat([header, fields]));
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `postgresql://cockpit:old-password@127.0.0.1:${port}/cockpit`,
    logins: () => logins,
    close: () => new Promise(resolve => server.close(() => resolve())),
  };
}

/** A migrated database the sink reaches by URL (the embedded one serves one connection: the sink's). */
async function databaseByUrl(engine: TestDatabaseEngine) {
  if (engine.name === 'postgres') {
    const database = await engine.open();
    return { url: database.url, close: () => database.close() };
  }
  const embedded = await startEmbeddedPostgres();
  await (await openCockpitDatabase({ url: embedded.url })).close();
  return { url: embedded.url, close: () => embedded.close() };
}

describe.each(testDatabaseEngines())(
  'the sink after a password rotation, on $name',
  engine => {
    let refusing: Awaited<ReturnType<typeof serverRefusingThePassword>>;
    let target: Awaited<ReturnType<typeof databaseByUrl>>;

    beforeAll(async () => {
      refusing = await serverRefusingThePassword();
      target = await databaseByUrl(engine);
    });
    afterAll(async () => {
      await refusing?.close();
      await target?.close();
    });
    beforeEach(() => secretsManager.reset());

    it('reads the secret again once when the database refuses the password, and stores the event', async () => {
      // the pool was opened with the old password; the secret now holds the new one
      secretsManager
        .on(GetSecretValueCommand)
        .resolvesOnce({ SecretString: JSON.stringify({ url: refusing.url }) })
        .resolves({ SecretString: JSON.stringify({ url: target.url }) });
      const database = lazySinkDatabase({
        env: {
          COCKPIT_DATABASE_SECRET_ARN:
            'arn:aws:secretsmanager:eu-west-1:1:secret:db',
        },
        secretsManager: new SecretsManagerClient({}),
      });
      const logger = recordingLogger();
      const handler = createSinkHandler({
        getKnex: database,
        reopenDatabase: database.reopen,
        logger,
      });

      try {
        const response = await handler(
          sqsEvent([
            {
              messageId: 'm-1',
              body: publishBatch([
                { kind: 'resource', type: 'Service', name: 'rotated' },
              ]),
            },
          ]),
        );

        expect(response).toEqual({ batchItemFailures: [] });
        expect(refusing.logins()).toBe(1);
        expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(
          2,
        );
        const knex = await database();
        expect(await knex('resources').pluck('name')).toEqual(['rotated']);
        expect(logger.entries.map(e => e.message)).toContain(
          'the database refused the credentials; reading the secret again',
        );
      } finally {
        await database.close();
      }
    });

    it('reports the records failed, not retried one by one, when the new secret is refused too', async () => {
      secretsManager
        .on(GetSecretValueCommand)
        .resolves({ SecretString: JSON.stringify({ url: refusing.url }) });
      const database = lazySinkDatabase({
        env: {
          COCKPIT_DATABASE_SECRET_ARN:
            'arn:aws:secretsmanager:eu-west-1:1:secret:db',
        },
        secretsManager: new SecretsManagerClient({}),
      });
      const handler = createSinkHandler({
        getKnex: database,
        reopenDatabase: database.reopen,
        logger: recordingLogger(),
      });
      const before = refusing.logins();

      try {
        const response = await handler(
          sqsEvent([
            {
              messageId: 'm-1',
              body: publishBatch([
                { kind: 'resource', type: 'Service', name: 'a' },
              ]),
            },
            {
              messageId: 'm-2',
              body: publishBatch([
                { kind: 'resource', type: 'Service', name: 'b' },
              ]),
            },
          ]),
        );

        expect(response).toEqual({
          batchItemFailures: [
            { itemIdentifier: 'm-1' },
            { itemIdentifier: 'm-2' },
          ],
        });
        expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(
          2,
        );
        expect(refusing.logins() - before).toBe(2);
      } finally {
        await database.close();
      }
    });
  },
);
