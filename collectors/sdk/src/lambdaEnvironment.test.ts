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
import { mockClient } from 'aws-sdk-client-mock';
import { z } from 'zod';
import { defineCollector } from './collector';
import { createCollectorLambdaHandler } from './lambdaHandler';
import {
  loadCollectorConfigFromEnv,
  stateStoreFromEnv,
} from './lambdaEnvironment';
import { createTestPublisher } from './testing';

const ssmMock = mockClient(SSMClient);
const secretsMock = mockClient(SecretsManagerClient);
const s3Mock = mockClient(S3Client);
const PARAMETER = '/cockpit/collectors/aws-ecs/config';
const SECRET =
  'arn:aws:secretsmanager:eu-west-1:123456789012:secret:cockpit-container-images-AbCdEf';

describe('loadCollectorConfigFromEnv', () => {
  beforeEach(() => {
    ssmMock.reset();
    secretsMock.reset();
  });

  it('reads the configuration from an SSM parameter, decrypted', async () => {
    ssmMock.on(GetParameterCommand).resolves({
      Parameter: {
        Name: PARAMETER,
        Type: 'SecureString',
        Value: '{"region":"eu-west-1"}',
      },
    });

    const config = await loadCollectorConfigFromEnv({
      env: { COCKPIT_COLLECTOR_CONFIG_PARAMETER: PARAMETER },
    });

    expect(config).toEqual({ region: 'eu-west-1' });
    expect(ssmMock.commandCalls(GetParameterCommand)[0].args[0].input).toEqual({
      Name: PARAMETER,
      WithDecryption: true,
    });
  });

  it('reads the configuration from a Secrets Manager secret', async () => {
    secretsMock.on(GetSecretValueCommand).resolves({
      SecretString:
        '{"api":{"baseUrl":"https://cockpit.example.com/api/cockpit","token":"s3cr3t"}}',
    });

    const config = await loadCollectorConfigFromEnv({
      env: { COCKPIT_COLLECTOR_CONFIG_SECRET_ARN: SECRET },
    });

    expect(config).toEqual({
      api: {
        baseUrl: 'https://cockpit.example.com/api/cockpit',
        token: 's3cr3t',
      },
    });
  });

  it('names the source when it holds no JSON', async () => {
    ssmMock
      .on(GetParameterCommand)
      .resolves({ Parameter: { Name: PARAMETER, Value: 'region=eu-west-1' } });

    await expect(
      loadCollectorConfigFromEnv({
        env: { COCKPIT_COLLECTOR_CONFIG_PARAMETER: PARAMETER },
      }),
    ).rejects.toThrow(`SSM parameter ${PARAMETER} is not JSON`);
  });
});

describe('stateStoreFromEnv', () => {
  beforeEach(() => s3Mock.reset());

  it('keeps the state of a Lambda-run collector in one S3 object, none before the first save', async () => {
    s3Mock.on(GetObjectCommand).rejectsOnce(
      Object.assign(new Error('The specified key does not exist.'), {
        name: 'NoSuchKey',
      }),
    );
    const store = stateStoreFromEnv({
      env: { COCKPIT_COLLECTOR_STATE_BUCKET: 'acme-cockpit-state' },
      collectorId: 'aws-ecs',
    })!;

    expect(await store.load()).toBeUndefined();
    await store.save({ tasks: { a: 1 } });

    expect(
      s3Mock.commandCalls(PutObjectCommand)[0].args[0].input,
    ).toMatchObject({
      Bucket: 'acme-cockpit-state',
      Key: 'collectors/aws-ecs/state.json',
      Body: '{"tasks":{"a":1}}',
    });
  });

  it('is absent without a bucket, so runs keep their state in memory', () => {
    expect(
      stateStoreFromEnv({ env: {}, collectorId: 'aws-ecs' }),
    ).toBeUndefined();
  });
});

describe('createCollectorLambdaHandler with its environment', () => {
  it('runs with the configuration of an SSM parameter and hands the saved state to the next run', async () => {
    ssmMock.reset();
    s3Mock.reset();
    ssmMock.on(GetParameterCommand).resolves({
      Parameter: { Name: PARAMETER, Value: '{"service":"payment-service"}' },
    });
    let stored: string | undefined;
    s3Mock.on(GetObjectCommand).callsFake(async () => {
      if (stored === undefined)
        throw Object.assign(new Error('no such key'), { name: 'NoSuchKey' });
      return { Body: { transformToString: async () => stored } } as any;
    });
    s3Mock.on(PutObjectCommand).callsFake(async input => {
      stored = input.Body;
      return {};
    });
    const counter = defineCollector({
      id: 'counter',
      description: 'counts its runs in its state',
      schedule: 'rate(1 hour)',
      configSchema: z.object({ service: z.string() }),
      async collect(ctx) {
        const runs = ((await ctx.loadState<{ runs: number }>())?.runs ?? 0) + 1;
        ctx.reading({
          type: 'runs',
          resource: ctx.resources.service({ service: ctx.config.service }),
          value: { runs },
        });
        await ctx.saveState({ runs });
      },
    });
    const publisher = createTestPublisher();
    const handler = createCollectorLambdaHandler({
      collector: counter,
      publisher,
      env: {
        COCKPIT_COLLECTOR_CONFIG_PARAMETER: PARAMETER,
        COCKPIT_COLLECTOR_STATE_BUCKET: 'acme-cockpit-state',
      },
    });

    await handler({});
    await handler({});

    expect(
      publisher
        .readings({ type: 'runs', resource: 'payment-service' })
        .map(r => r.value),
    ).toEqual([{ runs: 1 }, { runs: 2 }]);
  });
});
