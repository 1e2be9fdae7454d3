import {
  InvokeCommand,
  InvokeCommandOutput,
  LambdaClient,
} from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { PublishBatchSchema } from '@cockpit/plugin-cockpit-common';
import { defineCollector } from '../collector';
import { silentLogger } from '../logger';
import { runCollector } from '../runner';
import { createLambdaPublisher } from './lambda';

const lambdaMock = mockClient(LambdaClient);
// the SDK answers a Uint8Array with string helpers; the publisher only reads the bytes
const encode = (value: unknown) =>
  Object.assign(new TextEncoder().encode(JSON.stringify(value)), {
    transformToString: () => JSON.stringify(value),
  }) as NonNullable<InvokeCommandOutput['Payload']>;
const decode = (payload: Uint8Array | undefined) =>
  JSON.parse(new TextDecoder().decode(payload));

const collector = defineCollector({
  id: 'backfill',
  description: 'a few hundred instances',
  schedule: 'rate(1 day)',
  async collect(ctx) {
    for (let i = 0; i < 300; i++) {
      const instance = ctx.resources.serviceInstance({
        service: 'payment-service',
        environment: 'production',
        instanceId: `i-${i}`,
      });
      ctx.readings.health(
        instance,
        { status: 'UP', details: 'x'.repeat(2000) },
        { collectedAt: '2026-11-22T10:00:00Z' },
      );
    }
  },
});

describe('createLambdaPublisher', () => {
  beforeEach(() => lambdaMock.reset());

  it('invokes the sink with a synthetic SNS event carrying each batch as a record', async () => {
    lambdaMock
      .on(InvokeCommand)
      .resolves({ StatusCode: 200, Payload: encode({}) });
    const publisher = createLambdaPublisher({
      functionName: 'cockpit-sink',
      client: new LambdaClient({}),
      batchesPerInvocation: 2,
      now: () => new Date('2026-11-22T11:00:00Z'),
    });

    const summary = await runCollector({
      collector,
      publisher,
      logger: silentLogger,
      recordRun: false,
    });

    const calls = lambdaMock.commandCalls(InvokeCommand);
    const events = calls.map(call =>
      decode(call.args[0].input.Payload as Uint8Array),
    );
    const records = events.flatMap(e => e.Records);
    expect(calls.length).toBe(Math.ceil(summary.batches / 2));
    expect(calls[0].args[0].input).toMatchObject({
      FunctionName: 'cockpit-sink',
      InvocationType: 'RequestResponse',
    });
    expect(records).toHaveLength(summary.batches);
    expect(records[0]).toMatchObject({
      EventSource: 'aws:sns',
      Sns: {
        Type: 'Notification',
        Timestamp: '2026-11-22T11:00:00.000Z',
        MessageAttributes: {
          collector: { Type: 'String', Value: 'backfill' },
          schemaVersion: { Type: 'Number', Value: '1' },
        },
      },
    });
    const messages = records.flatMap(
      (r: any) => PublishBatchSchema.parse(JSON.parse(r.Sns.Message)).messages,
    );
    expect(messages).toHaveLength(600);
  });

  it('fails the publish with the function error message when the sink throws', async () => {
    lambdaMock.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: encode({
        errorType: 'DatabaseUnavailableError',
        errorMessage: 'connect ECONNREFUSED 10.0.0.5:5432',
      }),
    });
    const publisher = createLambdaPublisher({
      functionName: 'cockpit-sink',
      client: new LambdaClient({}),
    });

    await expect(
      runCollector({
        collector,
        publisher,
        logger: silentLogger,
        recordRun: false,
      }),
    ).rejects.toThrow(
      /sink cockpit-sink failed \(Unhandled\) on \d+ batch\(es\) DatabaseUnavailableError: connect ECONNREFUSED/,
    );
  });

  it('retries a throttled invocation', async () => {
    lambdaMock
      .on(InvokeCommand)
      .rejectsOnce(
        Object.assign(new Error('Rate exceeded'), {
          name: 'TooManyRequestsException',
        }),
      )
      .resolves({ StatusCode: 200, Payload: encode({}) });
    const sleeps: number[] = [];
    const publisher = createLambdaPublisher({
      functionName: 'cockpit-sink',
      client: new LambdaClient({}),
      sleep: async ms => {
        sleeps.push(ms);
      },
    });

    await runCollector({
      collector,
      publisher,
      logger: silentLogger,
      recordRun: false,
    });

    expect(sleeps).toHaveLength(1);
    expect(lambdaMock.commandCalls(InvokeCommand).length).toBeGreaterThan(1);
  });

  it('gives the same record the same MessageId on a replay', async () => {
    lambdaMock
      .on(InvokeCommand)
      .resolves({ StatusCode: 200, Payload: encode({}) });
    const publisher = createLambdaPublisher({
      functionName: 'cockpit-sink',
      client: new LambdaClient({}),
    });

    await runCollector({
      collector,
      publisher,
      logger: silentLogger,
      recordRun: false,
    });
    await runCollector({
      collector,
      publisher,
      logger: silentLogger,
      recordRun: false,
    });

    const ids = lambdaMock
      .commandCalls(InvokeCommand)
      .map(call =>
        decode(call.args[0].input.Payload as Uint8Array).Records.map(
          (r: any) => r.Sns.MessageId,
        ),
      );
    expect(ids[1]).toEqual(ids[0]);
  });
});
