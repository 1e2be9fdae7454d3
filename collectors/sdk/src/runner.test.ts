import { z } from 'zod';
import { defineCollector } from './collector';
import { createInProcessPublisher } from './publishers/inProcess';
import { runCollector } from './runner';
import { silentLogger } from './logger';
import { createTestPublisher, runCollectorForTest } from './testing';
import { PublishBatch } from '@cockpit/plugin-cockpit-common';

const tiny = defineCollector({
  id: 'tiny',
  description: 'one instance and its health',
  schedule: 'rate(5 minutes)',
  configSchema: z.object({ status: z.enum(['UP', 'DOWN']).default('UP') }),
  async collect(ctx) {
    const instance = ctx.resources.serviceInstance({
      service: 'payment-service',
      environment: 'production',
      instanceId: 'i-1',
    });
    ctx.readings.health(
      instance,
      { status: ctx.config.status },
      { collectedAt: ctx.now() },
    );
  },
});

describe('runCollector', () => {
  it('publishes resources with parents named by the common helpers and typed readings', async () => {
    const { publisher, summary } = await runCollectorForTest({
      collector: tiny,
      config: { status: 'DOWN' },
      now: () => new Date('2026-11-22T10:00:00Z'),
    });

    publisher.expectResource({
      type: 'ServiceInstance',
      name: 'payment-service/production/i-1',
      parent: { type: 'ServiceDeployment', name: 'payment-service/production' },
    });
    const health = publisher.expectReading({
      type: 'health',
      resource: 'payment-service/production/i-1',
      value: { status: 'DOWN' },
    });
    expect(health.collectedAt).toBe('2026-11-22T10:00:00.000Z');
    expect(health.storageMode).toBe('SNAPSHOT');
    expect(summary).toMatchObject({
      collector: 'tiny',
      messages: 2,
      batches: 1,
    });
  });

  it('refuses a configuration that breaks the collector schema, naming the key', async () => {
    await expect(
      runCollectorForTest({ collector: tiny, config: { status: 'MAYBE' } }),
    ).rejects.toThrow(/config\.status/);
  });

  it('refuses a well-known reading whose value breaks its schema, naming the reading', async () => {
    const broken = defineCollector({
      id: 'broken',
      description: 'writes a bad health value',
      schedule: 'rate(1 hour)',
      async collect(ctx) {
        ctx.readings.health({ type: 'ServiceInstance', name: 'a/b/c' }, {
          status: 'SLEEPY',
        } as any);
      },
    });

    await expect(runCollectorForTest({ collector: broken })).rejects.toThrow(
      /reading "health" of ServiceInstance "a\/b\/c": value\.status/,
    );
  });

  it('refuses a well-known reading on the wrong resource type', async () => {
    const misplaced = defineCollector({
      id: 'misplaced',
      description: 'health on a service',
      schedule: 'rate(1 hour)',
      async collect(ctx) {
        ctx.readings.health({ type: 'Service', name: 'a' }, { status: 'UP' });
      },
    });

    await expect(runCollectorForTest({ collector: misplaced })).rejects.toThrow(
      /resource\.type: "health" belongs on ServiceInstance/,
    );
  });

  it('hands each batch to the in-process ingest function, split by size', async () => {
    const received: PublishBatch[] = [];
    const many = defineCollector({
      id: 'many',
      description: 'many services',
      schedule: 'rate(1 hour)',
      async collect(ctx) {
        for (let i = 0; i < 3000; i++) {
          const service = ctx.resources.service({ service: `service-${i}` });
          ctx.readings.ownership(service, {
            team: `team-${i % 7}`,
            contacts: ['x'.repeat(100)],
          });
          if (i % 500 === 0) await ctx.flush();
        }
      },
    });

    const summary = await runCollector({
      collector: many,
      publisher: createInProcessPublisher({
        ingest: async batch => {
          received.push(batch);
        },
      }),
      logger: silentLogger,
    });

    const data = received.slice(0, -1); // the last batch records the run
    expect(data.length).toBeGreaterThan(1);
    expect(data.flatMap(b => b.messages)).toHaveLength(6000);
    expect(summary.batches).toBe(data.length);
    expect(
      received.every(b => b.collector === 'many' && b.schemaVersion === 1),
    ).toBe(true);
  });

  it('has published everything emitted before ctx.flush() returns, the open batch and the publisher buffer too', async () => {
    const received: PublishBatch[] = [];
    let receivedAtFlush = -1;
    const flushing = defineCollector({
      id: 'flushing',
      description: 'emits, flushes, then saves state',
      schedule: 'rate(1 hour)',
      async collect(ctx) {
        const service = ctx.resources.service({ service: 'payment-service' });
        ctx.readings.ownership(service, { team: 'payments' });
        await ctx.flush();
        receivedAtFlush = received.flatMap(b => b.messages).length;
      },
    });
    // A publisher that, like SNS, holds batches until its own flush.
    const buffered: PublishBatch[] = [];
    await runCollector({
      collector: flushing,
      publisher: {
        description: 'buffering',
        maxBatchBytes: () => 256 * 1024,
        async publish(batch) {
          buffered.push(JSON.parse(batch.body));
        },
        async flush() {
          received.push(...buffered.splice(0));
        },
      },
      logger: silentLogger,
    });

    expect(receivedAtFlush).toBe(2);
  });

  it('stops the run with the publisher failure instead of collecting on', async () => {
    let emittedAfterFailure = 0;
    let failed = false;
    const endless = defineCollector({
      id: 'endless',
      description: 'emits until stopped',
      schedule: 'rate(1 hour)',
      async collect(ctx) {
        for (let i = 0; i < 100_000; i++) {
          ctx.resources.service({ service: `s-${i}` });
          if (failed) emittedAfterFailure++;
          if (i % 1000 === 0) await ctx.flush();
        }
      },
    });

    await expect(
      runCollector({
        collector: endless,
        publisher: {
          ...createTestPublisher({ maxBatchBytes: 4096 }),
          async publish() {
            failed = true;
            throw new Error('topic gone');
          },
        },
        logger: silentLogger,
      }),
    ).rejects.toThrow('topic gone');
    expect(emittedAfterFailure).toBeLessThan(1000);
  });
});

describe('runCollector run records', () => {
  const clockAt = (...isoTimes: string[]) => {
    const times = isoTimes.map(t => new Date(t));
    return () => times.shift() ?? new Date(isoTimes[isoTimes.length - 1]);
  };

  it('records a successful run on the Collector resource as a collector-run point at its start', async () => {
    const { publisher, summary } = await runCollectorForTest({
      collector: tiny,
      now: clockAt(
        '2026-11-22T10:00:00Z',
        '2026-11-22T10:00:00Z',
        '2026-11-22T10:00:03Z',
      ),
    });

    publisher.expectResource({
      type: 'Collector',
      name: 'tiny',
      parent: undefined,
    });
    const run = publisher.expectReading({
      type: 'collector-run',
      resource: { type: 'Collector', name: 'tiny' },
      value: {
        status: 'OK',
        messages: 2,
        batches: 1,
        schedule: 'rate(5 minutes)',
        startedAt: '2026-11-22T10:00:00.000Z',
        finishedAt: '2026-11-22T10:00:03.000Z',
        runId: summary.runId,
      },
    });
    expect(run.storageMode).toBe('TIME_SERIES');
    expect(run.collectedAt).toBe('2026-11-22T10:00:00.000Z');
    expect(publisher.batches).toHaveLength(2);
    expect(publisher.batches[1].messages).toHaveLength(2);
  });

  it('delivers what collect emitted before it threw, records the run as FAILED with the error, then throws it', async () => {
    const failing = defineCollector({
      id: 'failing',
      description: 'fails half way',
      schedule: 'cron(0 3 * * ? *)',
      async collect(ctx) {
        ctx.resources.service({ service: 'payment-service' });
        throw new Error('source API answered 503');
      },
    });
    const publisher = createTestPublisher();

    await expect(
      runCollectorForTest({ collector: failing, publisher }),
    ).rejects.toThrow('source API answered 503');

    publisher.expectReading({
      type: 'collector-run',
      resource: 'failing',
      // what was emitted before the failure is delivered
      value: {
        status: 'FAILED',
        messages: 1,
        batches: 1,
        error: 'Error: source API answered 503',
      },
    });
  });

  it('records a configuration that breaks the schema as a FAILED run naming the key', async () => {
    const publisher = createTestPublisher();

    await expect(
      runCollectorForTest({
        collector: tiny,
        config: { status: 'MAYBE' },
        publisher,
      }),
    ).rejects.toThrow(/config\.status/);

    const run = publisher.reading('collector-run', 'tiny');
    expect(run?.value).toMatchObject({
      status: 'FAILED',
      messages: 0,
      batches: 0,
    });
    expect((run?.value as { error: string }).error).toMatch(
      /CollectorConfigError: .*config\.status/,
    );
  });

  it('counts the messages the in-process sink quarantined in the run record', async () => {
    const received: PublishBatch[] = [];
    await runCollector({
      collector: tiny,
      publisher: createInProcessPublisher({
        ingest: async batch => {
          received.push(batch);
          return {
            accepted: batch.messages.length - 1,
            rejected: 1,
            messages: [],
          };
        },
      }),
      logger: silentLogger,
    });

    const record = received[received.length - 1].messages[1];
    expect(record).toMatchObject({
      type: 'collector-run',
      value: { status: 'OK', rejected: 1 },
    });
  });

  it('throws the publisher failure, not the failure to record the run after it', async () => {
    const warnings: string[] = [];
    await expect(
      runCollector({
        collector: tiny,
        publisher: {
          ...createTestPublisher(),
          async publish() {
            throw new Error('topic gone');
          },
        },
        logger: { ...silentLogger, warn: message => warnings.push(message) },
      }),
    ).rejects.toThrow('topic gone');
    expect(warnings).toEqual([
      expect.stringContaining(
        'could not record the failed run: Error: topic gone',
      ),
    ]);
  });

  it('publishes no run record when told not to', async () => {
    const publisher = createTestPublisher();

    await runCollector({
      collector: tiny,
      publisher,
      logger: silentLogger,
      recordRun: false,
    });

    expect(publisher.readings({ type: 'collector-run' })).toEqual([]);
  });
});
