import {
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { CollectorConfigError } from './errors';
import type { CollectorStateStore } from './state';

function parseConfig(text: string | undefined, source: string): unknown {
  if (text === undefined)
    throw new CollectorConfigError(`${source} holds no text`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CollectorConfigError(
      `${source} is not JSON: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/**
 * The configuration of a collector run in a Lambda function, from the first of these that is
 * set: `COCKPIT_COLLECTOR_CONFIG` (JSON), `COCKPIT_COLLECTOR_CONFIG_PARAMETER` (the name of an
 * SSM parameter holding JSON, a SecureString decrypted) or `COCKPIT_COLLECTOR_CONFIG_SECRET_ARN`
 * (a Secrets Manager secret whose string is JSON). Undefined when none is.
 * @throws CollectorConfigError naming the source when it holds no JSON
 */
export async function loadCollectorConfigFromEnv(options: {
  env: NodeJS.ProcessEnv;
  ssm?: SSMClient;
  secretsManager?: SecretsManagerClient;
}): Promise<unknown> {
  const { env } = options;
  if (env.COCKPIT_COLLECTOR_CONFIG)
    return parseConfig(
      env.COCKPIT_COLLECTOR_CONFIG,
      'COCKPIT_COLLECTOR_CONFIG',
    );
  if (env.COCKPIT_COLLECTOR_CONFIG_PARAMETER) {
    const name = env.COCKPIT_COLLECTOR_CONFIG_PARAMETER;
    const answer = await (options.ssm ?? new SSMClient({})).send(
      new GetParameterCommand({ Name: name, WithDecryption: true }),
    );
    return parseConfig(answer.Parameter?.Value, `SSM parameter ${name}`);
  }
  if (env.COCKPIT_COLLECTOR_CONFIG_SECRET_ARN) {
    const arn = env.COCKPIT_COLLECTOR_CONFIG_SECRET_ARN;
    const answer = await (
      options.secretsManager ?? new SecretsManagerClient({})
    ).send(new GetSecretValueCommand({ SecretId: arn }));
    return parseConfig(answer.SecretString, `secret ${arn}`);
  }
  return undefined;
}

/**
 * A state store in one S3 object (JSON), for collectors run in Lambda functions, whose memory
 * does not outlive an execution environment. A missing object is no state yet.
 */
export function createS3StateStore(options: {
  bucket: string;
  key: string;
  client?: S3Client;
}): CollectorStateStore {
  const client = options.client ?? new S3Client({});
  return {
    async load() {
      try {
        const object = await client.send(
          new GetObjectCommand({ Bucket: options.bucket, Key: options.key }),
        );
        const text = await object.Body?.transformToString('utf-8');
        return text ? JSON.parse(text) : undefined;
      } catch (error) {
        if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
        throw error;
      }
    },
    async save(state: unknown) {
      await client.send(
        new PutObjectCommand({
          Bucket: options.bucket,
          Key: options.key,
          Body: JSON.stringify(state),
          ContentType: 'application/json',
        }),
      );
    },
  };
}

/**
 * The state store the environment names: the S3 object `COCKPIT_COLLECTOR_STATE_KEY` (default
 * `collectors/<id>/state.json`) in `COCKPIT_COLLECTOR_STATE_BUCKET`; undefined without a bucket.
 */
export function stateStoreFromEnv(options: {
  env: NodeJS.ProcessEnv;
  collectorId: string;
  client?: S3Client;
}): CollectorStateStore | undefined {
  const bucket = options.env.COCKPIT_COLLECTOR_STATE_BUCKET;
  if (!bucket) return undefined;
  const key =
    options.env.COCKPIT_COLLECTOR_STATE_KEY ||
    `collectors/${options.collectorId}/state.json`;
  return createS3StateStore({ bucket, key, client: options.client });
}
