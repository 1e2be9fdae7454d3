import {
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import knexFactory, { Knex } from 'knex';

/** Thrown when the sink cannot tell which database to use. */
export class SinkConfigurationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SinkConfigurationError';
  }
}

/**
 * The PostgreSQL URL of the sink: `COCKPIT_DATABASE_URL`, or built from the Secrets Manager
 * secret named by `COCKPIT_DATABASE_SECRET_ARN`. The secret is either `{ "url": "postgresql://..." }`
 * or the JSON RDS keeps credentials in: `{ username, password, host, port, dbname }`, or only
 * `{ username, password }` for a master password RDS manages itself, in which case
 * `COCKPIT_DATABASE_HOST`, `COCKPIT_DATABASE_PORT` (default 5432) and `COCKPIT_DATABASE_NAME`
 * (default `postgres`) say the rest (the secret's fields win). `COCKPIT_DATABASE_SSLMODE`
 * (default `verify-full`) is added to URLs built from the fields.
 */
export async function resolveDatabaseUrl(
  options: {
    env?: NodeJS.ProcessEnv;
    secretsManager?: SecretsManagerClient;
  } = {},
): Promise<string> {
  const env = options.env ?? process.env;
  if (env.COCKPIT_DATABASE_URL) return env.COCKPIT_DATABASE_URL;
  const secretId = env.COCKPIT_DATABASE_SECRET_ARN;
  if (!secretId) {
    throw new SinkConfigurationError(
      'set COCKPIT_DATABASE_URL or COCKPIT_DATABASE_SECRET_ARN to tell the sink its database',
    );
  }
  const client = options.secretsManager ?? new SecretsManagerClient({});
  const answer = await client.send(
    new GetSecretValueCommand({ SecretId: secretId }),
  );
  if (!answer.SecretString) {
    throw new SinkConfigurationError(`secret ${secretId} has no SecretString`);
  }
  let secret: Record<string, unknown>;
  try {
    secret = JSON.parse(answer.SecretString);
  } catch (error) {
    throw new SinkConfigurationError(`secret ${secretId} is not JSON`, {
      cause: error,
    });
  }
  if (typeof secret.url === 'string') return secret.url;
  const missing = ['username', 'password'].filter(
    key => typeof secret[key] !== 'string',
  );
  if (missing.length > 0) {
    throw new SinkConfigurationError(
      `secret ${secretId} needs "url" or ${missing
        .map(m => `"${m}"`)
        .join(', ')}`,
    );
  }
  const host =
    typeof secret.host === 'string' ? secret.host : env.COCKPIT_DATABASE_HOST;
  if (!host) {
    throw new SinkConfigurationError(
      `secret ${secretId} has no "host" (an RDS-managed master password holds only the user and password): set COCKPIT_DATABASE_HOST`,
    );
  }
  const url = new URL('postgresql://localhost');
  url.username = encodeURIComponent(String(secret.username));
  url.password = encodeURIComponent(String(secret.password));
  url.hostname = host;
  url.port = String(secret.port ?? env.COCKPIT_DATABASE_PORT ?? 5432);
  url.pathname = `/${encodeURIComponent(
    String(secret.dbname ?? env.COCKPIT_DATABASE_NAME ?? 'postgres'),
  )}`;
  url.searchParams.set(
    'sslmode',
    env.COCKPIT_DATABASE_SSLMODE ?? 'verify-full',
  );
  return url.toString();
}

/**
 * knex's own messages (such as `Acquire connection error ...` while the database is away) go
 * to stderr as one JSON line each, never to stdout: `yarn cockpit sink invoke` keeps stdout
 * for the handler's answer alone, and in Lambda both streams reach CloudWatch.
 */
const knexLogToStderr = Object.fromEntries(
  (['warn', 'error', 'debug', 'deprecate'] as const).map(level => [
    level,
    (...message: unknown[]) => {
      process.stderr.write(
        `${JSON.stringify({
          level: level.toUpperCase(),
          message: `knex: ${message
            .map(part => (part instanceof Error ? part.message : String(part)))
            .join(' ')}`,
        })}\n`,
      );
    },
  ]),
);

/**
 * A knex pool sized for one Lambda execution environment: it handles one event at a time,
 * so `COCKPIT_DATABASE_POOL_MAX` (default 2) connections are plenty, and the total is about
 * the function's maximum concurrency times that. Connection attempts time out quickly so a
 * database that is away fails the invocation (and AWS redelivers) instead of hanging.
 */
export function createSinkKnex(options: {
  url: string;
  env?: NodeJS.ProcessEnv;
}): Knex {
  const env = options.env ?? process.env;
  return knexFactory({
    client: 'pg',
    log: knexLogToStderr,
    connection: {
      connectionString: options.url,
      application_name: 'cockpit-sink',
      connectionTimeoutMillis: Number(
        env.COCKPIT_DATABASE_CONNECT_TIMEOUT_MS ?? 5_000,
      ),
    },
    pool: {
      min: 0,
      max: Number(env.COCKPIT_DATABASE_POOL_MAX ?? 2),
      idleTimeoutMillis: 60_000,
    },
    acquireConnectionTimeout: 10_000,
  });
}

/** The sink's database, opened on first use; `close()` ends its pool when it was opened. */
export interface LazySinkDatabase {
  (): Promise<Knex>;
  close(): Promise<void>;
  /** Ends the pool and forgets the URL, so the next use reads the secret again (rotation). */
  reopen(): Promise<void>;
}

/**
 * Lazily opens the sink's database once per execution environment and keeps it for later
 * invocations. A failed attempt (secret unreadable) is forgotten so the next one retries.
 */
export function lazySinkDatabase(
  options: {
    env?: NodeJS.ProcessEnv;
    secretsManager?: SecretsManagerClient;
  } = {},
): LazySinkDatabase {
  let opening: Promise<Knex> | undefined;
  const get = () => {
    opening ??= resolveDatabaseUrl(options)
      .then(url => createSinkKnex({ url, env: options.env }))
      .catch(error => {
        opening = undefined;
        throw error;
      });
    return opening;
  };
  const close = async () => {
    const knex = await opening?.catch(() => undefined);
    opening = undefined;
    await knex?.destroy();
  };
  return Object.assign(get, { close, reopen: close });
}
