import { PublishBatchCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import {
  MAX_BATCH_BYTES,
  utf8ByteLength,
} from '@cockpit/plugin-cockpit-common';
import { defineCollector } from '../collector';
import { PublishError } from '../errors';
import { silentLogger } from '../logger';
import { runCollector } from '../runner';
import {
  createSnsPublisher,
  snsAttributesBytes,
  snsMessageAttributes,
} from './sns';

const topicArn = 'arn:aws:sns:eu-central-1:123456789012:cockpit';
const snsMock = mockClient(SNSClient);

function collectorOf(count: number, valueBytes: number) {
  return defineCollector({
    id: 'sns-test',
    description: 'services with a padded reading each',
    schedule: 'rate(1 hour)',
    async collect(ctx) {
      for (let i = 0; i < count; i++) {
        const service = ctx.resources.service({ service: `service-${i}` });
        ctx.reading({
          type: 'note',
          resource: service,
          value: { text: 'é'.repeat(valueBytes / 2) },
        });
      }
    },
  });
}

const allEntries = () =>
  snsMock
    .commandCalls(PublishBatchCommand)
    .flatMap(call => call.args[0].input.PublishBatchRequestEntries ?? []);

const requestBytes = (
  entries: { Message?: string; MessageAttributes?: any }[],
) =>
  entries.reduce(
    (sum, e) =>
      sum +
      utf8ByteLength(e.Message!) +
      snsAttributesBytes(e.MessageAttributes),
    0,
  );

describe('createSnsPublisher', () => {
  beforeEach(() => snsMock.reset());

  it('sends at most 10 entries and 256 KiB (bodies and attributes, in UTF-8) per PublishBatch', async () => {
    snsMock.on(PublishBatchCommand).callsFake(input => ({
      Successful: input.PublishBatchRequestEntries.map((e: any) => ({
        Id: e.Id,
        MessageId: e.Id,
      })),
      Failed: [],
    }));
    const publisher = createSnsPublisher({
      topicArn,
      client: new SNSClient({}),
      sleep: async () => {},
    });

    const summary = await runCollector({
      collector: collectorOf(3000, 2000),
      publisher,
      logger: silentLogger,
      recordRun: false,
    });

    const calls = snsMock.commandCalls(PublishBatchCommand);
    expect(calls.length).toBeGreaterThan(1);
    for (const call of calls) {
      const entries = call.args[0].input.PublishBatchRequestEntries!;
      expect(entries.length).toBeLessThanOrEqual(10);
      expect(requestBytes(entries)).toBeLessThanOrEqual(MAX_BATCH_BYTES);
      expect(call.args[0].input.TopicArn).toBe(topicArn);
    }
    const messages = allEntries().flatMap(e => JSON.parse(e.Message!).messages);
    expect(messages).toHaveLength(6000);
    expect(summary.batches).toBe(allEntries().length);
  });

  it('groups small batches up to 10 entries per call', async () => {
    snsMock.on(PublishBatchCommand).resolves({ Successful: [], Failed: [] });
    const publisher = createSnsPublisher({
      topicArn,
      client: new SNSClient({}),
    });
    const batches = Array.from({ length: 23 }, (_, i) => {
      const body = JSON.stringify({
        schemaVersion: 1,
        collector: 'c',
        messages: [{ kind: 'resource', type: 'Service', name: `s${i}` }],
      });
      return {
        collector: 'c',
        messages: [],
        body,
        bytes: utf8ByteLength(body),
      };
    });

    for (const batch of batches) await publisher.publish(batch);
    await publisher.flush();

    expect(
      snsMock
        .commandCalls(PublishBatchCommand)
        .map(c => c.args[0].input.PublishBatchRequestEntries!.length),
    ).toEqual([10, 10, 3]);
  });

  it('marks every message with the collector id and schema version attributes', async () => {
    snsMock.on(PublishBatchCommand).resolves({ Successful: [], Failed: [] });
    const publisher = createSnsPublisher({
      topicArn,
      client: new SNSClient({}),
    });

    await runCollector({
      collector: collectorOf(1, 10),
      publisher,
      logger: silentLogger,
      recordRun: false,
    });

    expect(allEntries()[0].MessageAttributes).toEqual({
      collector: { DataType: 'String', StringValue: 'sns-test' },
      schemaVersion: { DataType: 'Number', StringValue: '1' },
    });
    // the batch body leaves room for the attributes within the SNS limit
    expect(publisher.maxBatchBytes('sns-test')).toBe(
      MAX_BATCH_BYTES - snsAttributesBytes(snsMessageAttributes('sns-test')),
    );
  });

  it('retries only the failed entries of a partial result, with jittered backoff', async () => {
    snsMock
      .on(PublishBatchCommand)
      .callsFakeOnce(input => ({
        Successful: input.PublishBatchRequestEntries.slice(2).map((e: any) => ({
          Id: e.Id,
        })),
        Failed: input.PublishBatchRequestEntries.slice(0, 2).map((e: any) => ({
          Id: e.Id,
          Code: 'InternalError',
          SenderFault: false,
        })),
      }))
      .resolves({ Successful: [], Failed: [] });
    const delays: number[] = [];
    const publisher = createSnsPublisher({
      topicArn,
      client: new SNSClient({}),
      sleep: async ms => {
        delays.push(ms);
      },
      random: () => 0.5,
      baseDelayMs: 100,
    });

    await runCollector({
      collector: collectorOf(500, 2000),
      publisher,
      logger: silentLogger,
      recordRun: false,
    });

    const calls = snsMock.commandCalls(PublishBatchCommand);
    const first = calls[0].args[0].input.PublishBatchRequestEntries!;
    const retry = calls[1].args[0].input.PublishBatchRequestEntries!;
    expect(retry.map(e => e.Id)).toEqual(first.slice(0, 2).map(e => e.Id));
    expect(retry.map(e => e.Message)).toEqual(
      first.slice(0, 2).map(e => e.Message),
    );
    expect(delays).toEqual([50]);
    // every message arrived exactly once in the successful deliveries
    const delivered = [
      ...first.slice(2),
      ...retry,
      ...calls
        .slice(2)
        .flatMap(c => c.args[0].input.PublishBatchRequestEntries!),
    ];
    const names = delivered
      .flatMap(e => JSON.parse(e.Message!).messages)
      .filter((m: any) => m.kind === 'resource')
      .map((m: any) => m.name);
    expect(names).toHaveLength(500);
    expect(new Set(names).size).toBe(500);
  });

  it('retries a throttled call and succeeds', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottledException',
    });
    snsMock
      .on(PublishBatchCommand)
      .rejectsOnce(throttled)
      .rejectsOnce(throttled)
      .resolves({ Successful: [], Failed: [] });
    const delays: number[] = [];
    const publisher = createSnsPublisher({
      topicArn,
      client: new SNSClient({}),
      sleep: async ms => {
        delays.push(ms);
      },
      random: () => 0.99,
      baseDelayMs: 100,
    });

    await runCollector({
      collector: collectorOf(3, 10),
      publisher,
      logger: silentLogger,
      recordRun: false,
    });

    expect(snsMock.commandCalls(PublishBatchCommand)).toHaveLength(3);
    expect(delays).toEqual([99, 198]);
  });

  it('gives up after the last attempt with an error naming the topic', async () => {
    snsMock
      .on(PublishBatchCommand)
      .rejects(
        Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }),
      );
    const publisher = createSnsPublisher({
      topicArn,
      client: new SNSClient({}),
      sleep: async () => {},
      maxAttempts: 4,
    });

    await expect(
      runCollector({
        collector: collectorOf(3, 10),
        publisher,
        logger: silentLogger,
        recordRun: false,
      }),
    ).rejects.toThrow(
      /PublishBatch to arn:aws:sns:eu-central-1:123456789012:cockpit failed after 4 attempt/,
    );
    expect(snsMock.commandCalls(PublishBatchCommand)).toHaveLength(4);
  });

  it('does not retry sender faults and names the refused entry', async () => {
    snsMock.on(PublishBatchCommand).callsFake(input => ({
      Successful: [],
      Failed: [
        {
          Id: input.PublishBatchRequestEntries[0].Id,
          Code: 'InvalidParameter',
          Message: 'Message too long',
          SenderFault: true,
        },
      ],
    }));
    const publisher = createSnsPublisher({
      topicArn,
      client: new SNSClient({}),
      sleep: async () => {},
    });

    const run = runCollector({
      collector: collectorOf(3, 10),
      publisher,
      logger: silentLogger,
      recordRun: false,
    });

    await expect(run).rejects.toThrow(PublishError);
    await expect(
      runCollector({
        collector: collectorOf(3, 10),
        publisher,
        logger: silentLogger,
        recordRun: false,
      }),
    ).rejects.toThrow(/sender faults: b\d+: InvalidParameter Message too long/);
    expect(snsMock.commandCalls(PublishBatchCommand)).toHaveLength(2);
  });
});
