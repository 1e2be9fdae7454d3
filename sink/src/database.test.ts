import {
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import {
  lazySinkDatabase,
  resolveDatabaseUrl,
  SinkConfigurationError,
} from './database';

const secretsManager = mockClient(SecretsManagerClient);
const SECRET_ARN =
  'arn:aws:secretsmanager:eu-west-1:123456789012:secret:cockpit-db';

describe('resolveDatabaseUrl', () => {
  beforeEach(() => secretsManager.reset());

  it('uses COCKPIT_DATABASE_URL when set, without asking Secrets Manager', async () => {
    const url = await resolveDatabaseUrl({
      env: {
        COCKPIT_DATABASE_URL: 'postgresql://u@db/cockpit',
        COCKPIT_DATABASE_SECRET_ARN: SECRET_ARN,
      },
      secretsManager: new SecretsManagerClient({}),
    });

    expect(url).toBe('postgresql://u@db/cockpit');
    expect(secretsManager.calls()).toHaveLength(0);
  });

  it('reads a url from the secret', async () => {
    secretsManager
      .on(GetSecretValueCommand, { SecretId: SECRET_ARN })
      .resolves({
        SecretString: JSON.stringify({ url: 'postgresql://s@db/x' }),
      });

    const url = await resolveDatabaseUrl({
      env: { COCKPIT_DATABASE_SECRET_ARN: SECRET_ARN },
      secretsManager: new SecretsManagerClient({}),
    });

    expect(url).toBe('postgresql://s@db/x');
  });

  it('builds the url from an RDS-managed secret, escaping the password', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({
      SecretString: JSON.stringify({
        username: 'cockpit',
        password: 'p@ss/w:rd',
        host: 'db.example.internal',
        port: 6432,
        dbname: 'cockpit',
        engine: 'postgres',
      }),
    });

    const url = await resolveDatabaseUrl({
      env: { COCKPIT_DATABASE_SECRET_ARN: SECRET_ARN },
      secretsManager: new SecretsManagerClient({}),
    });

    const parsed = new URL(url);
    expect(decodeURIComponent(parsed.password)).toBe('p@ss/w:rd');
    expect(`${parsed.hostname}:${parsed.port}${parsed.pathname}`).toBe(
      'db.example.internal:6432/cockpit',
    );
    expect(parsed.searchParams.get('sslmode')).toBe('verify-full');
  });

  it('takes host, port and database name from the environment for an RDS-managed master secret', async () => {
    // RDS's own secret for a master password it manages holds only these two fields.
    secretsManager.on(GetSecretValueCommand).resolves({
      SecretString: JSON.stringify({ username: 'postgres', password: 'pw' }),
    });
    const env = { COCKPIT_DATABASE_SECRET_ARN: SECRET_ARN };

    await expect(
      resolveDatabaseUrl({ env, secretsManager: new SecretsManagerClient({}) }),
    ).rejects.toThrow(/has no "host" .*set COCKPIT_DATABASE_HOST/);

    const url = new URL(
      await resolveDatabaseUrl({
        env: {
          ...env,
          COCKPIT_DATABASE_HOST:
            'cockpit.cluster-abc.eu-west-1.rds.amazonaws.com',
          COCKPIT_DATABASE_PORT: '5433',
          COCKPIT_DATABASE_NAME: 'cockpit',
        },
        secretsManager: new SecretsManagerClient({}),
      }),
    );
    expect(`${url.username}@${url.host}${url.pathname}`).toBe(
      'postgres@cockpit.cluster-abc.eu-west-1.rds.amazonaws.com:5433/cockpit',
    );
  });

  it('names what is missing from a secret it cannot use', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .resolves({ SecretString: JSON.stringify({ host: 'db' }) });

    await expect(
      resolveDatabaseUrl({
        env: { COCKPIT_DATABASE_SECRET_ARN: SECRET_ARN },
        secretsManager: new SecretsManagerClient({}),
      }),
    ).rejects.toThrow(/needs "url" or "username", "password"/);
  });

  it('refuses to guess without configuration', async () => {
    await expect(resolveDatabaseUrl({ env: {} })).rejects.toBeInstanceOf(
      SinkConfigurationError,
    );
  });
});

describe('lazySinkDatabase', () => {
  beforeEach(() => secretsManager.reset());

  it('reads the secret once, and again only after a failure', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .rejectsOnce(new Error('throttled'))
      .resolves({
        SecretString: JSON.stringify({ url: 'postgresql://s@127.0.0.1:1/x' }),
      });
    const getKnex = lazySinkDatabase({
      env: { COCKPIT_DATABASE_SECRET_ARN: SECRET_ARN },
      secretsManager: new SecretsManagerClient({}),
    });

    await expect(getKnex()).rejects.toThrow('throttled');
    const knex = await getKnex();
    try {
      expect(await getKnex()).toBe(knex);
      expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(
        2,
      );
      expect(knex.client.pool.max).toBe(2);
    } finally {
      await knex.destroy();
    }
  });
});
