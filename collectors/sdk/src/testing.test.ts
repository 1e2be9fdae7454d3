import { utf8ByteLength } from '@cockpit/plugin-cockpit-common';
import { defineCollector } from './collector';
import {
  CollectorAssertionError,
  createTestPublisher,
  runCollectorForTest,
} from './testing';

const collector = defineCollector({
  id: 'kit',
  description: 'two instances',
  schedule: 'rate(1 hour)',
  async collect(ctx) {
    for (const instanceId of ['i-1', 'i-2']) {
      const instance = ctx.resources.serviceInstance({
        service: 's',
        environment: 'prod',
        instanceId,
      });
      ctx.readings.health(instance, {
        status: instanceId === 'i-1' ? 'UP' : 'DOWN',
      });
    }
  },
});

const clockCollector = defineCollector({
  id: 'clock',
  description: 'two events stamped by the run clock',
  schedule: 'rate(1 hour)',
  async collect(ctx) {
    const service = ctx.resources.service({ service: 's' });
    for (let i = 0; i < 2; i++) {
      ctx.readings['service-event'](
        service,
        { kind: 'tick', title: `tick ${i}` },
        { collectedAt: ctx.now() },
      );
    }
  },
});

describe('the test kit', () => {
  it('fixes the run clock from a Date', async () => {
    const { publisher } = await runCollectorForTest({
      collector: clockCollector,
      now: new Date('2026-11-22T10:00:00Z'),
    });

    expect(
      publisher.readings({ type: 'service-event' }).map(r => r.collectedAt),
    ).toEqual(['2026-11-22T10:00:00.000Z', '2026-11-22T10:00:00.000Z']);
  });

  it('runs the clock from a function', async () => {
    let minute = 0;
    const now = () => new Date(Date.UTC(2026, 10, 22, 10, minute++));

    const { publisher } = await runCollectorForTest({
      collector: clockCollector,
      now,
    });

    // the runner reads the clock first, for the run's startedAt (the collector-run record)
    expect(
      publisher.readings({ type: 'service-event' }).map(r => r.collectedAt),
    ).toEqual(['2026-11-22T10:01:00.000Z', '2026-11-22T10:02:00.000Z']);
    expect(
      publisher.readings({ type: 'collector-run' }).map(r => r.collectedAt),
    ).toEqual(['2026-11-22T10:00:00.000Z']);
  });

  it('refuses an invalid Date as the clock, naming the option', async () => {
    await expect(
      runCollectorForTest({
        collector: clockCollector,
        now: new Date('yesterday'),
      }),
    ).rejects.toThrow(/runCollectorForTest: now must be a valid Date/);
  });

  it('filters readings by type and resource and returns the last one', async () => {
    const { publisher } = await runCollectorForTest({ collector });

    expect(publisher.readings({ type: 'health' })).toHaveLength(2);
    expect(publisher.reading('health', 's/prod/i-2')?.value).toEqual({
      status: 'DOWN',
    });
    expect(
      publisher.reading('health', {
        type: 'ServiceInstance',
        name: 's/prod/i-3',
      }),
    ).toBeUndefined();
    expect(publisher.resources('ServiceInstance').map(r => r.name)).toEqual([
      's/prod/i-1',
      's/prod/i-2',
    ]);
  });

  it('explains a failed reading assertion with what was published instead', async () => {
    const { publisher } = await runCollectorForTest({ collector });

    expect(() =>
      publisher.expectReading({
        type: 'health',
        resource: 's/prod/i-1',
        value: { status: 'DOWN' },
      }),
    ).toThrow(
      new CollectorAssertionError(
        'expected reading "health" of s/prod/i-1 matching {"status":"DOWN"}; published: {"status":"UP"}',
      ),
    );
  });

  it('explains a failed resource assertion with the resources of that type', async () => {
    const { publisher } = await runCollectorForTest({ collector });

    expect(() =>
      publisher.expectResource({
        type: 'ServiceInstance',
        name: 's/prod/i-1',
        parent: { type: 'ServiceDeployment', name: 'x/prod' },
      }),
    ).toThrow(
      /expected resource ServiceInstance "s\/prod\/i-1" with parent .*; published ServiceInstance resources: "s\/prod\/i-1" \(parent/,
    );
  });

  it('refuses a batch that breaks the wire schema, as a real sink would', async () => {
    const publisher = createTestPublisher();
    const body = JSON.stringify({
      schemaVersion: 1,
      collector: 'x',
      messages: [{ kind: 'metric' }],
    });

    await expect(
      publisher.publish({
        collector: 'x',
        messages: [],
        body,
        bytes: utf8ByteLength(body),
      }),
    ).rejects.toThrow(/breaks the wire schema: messages\.0/);
  });

  it('refuses a batch over its size limit', async () => {
    const publisher = createTestPublisher({ maxBatchBytes: 10 });
    const body = JSON.stringify({
      schemaVersion: 1,
      collector: 'x',
      messages: [{ kind: 'resource', type: 'Service', name: 's' }],
    });

    await expect(
      publisher.publish({
        collector: 'x',
        messages: [],
        body,
        bytes: utf8ByteLength(body),
      }),
    ).rejects.toThrow(/exceeds the limit of 10/);
  });
});
