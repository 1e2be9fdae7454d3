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
    ctx.readings.health(instance, { status: ctx.config.status }, { collectedAt: ctx.now() });
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
    expect(summary).toMatchObject({ collector: 'tiny', messages: 2, batches: 1 });
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
          ctx.readings.ownership(service, { team: `team-${i % 7}`, contacts: ['x'.repeat(100)] });
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

    expect(received.length).toBeGreaterThan(1);
    expect(received.flatMap(b => b.messages)).toHaveLength(6000);
    expect(summary.batches).toBe(received.length);
    expect(received.every(b => b.collector === 'many' && b.schemaVersion === 1)).toBe(true);
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
