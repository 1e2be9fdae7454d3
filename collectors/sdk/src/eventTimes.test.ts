import { defineCollector } from './collector';
import { createDistinctEventTimes, withDistinctEventTimes } from './eventTimes';
import { runCollectorForTest } from './testing';

describe('createDistinctEventTimes', () => {
  it('gives events of one resource at the same millisecond the next free ones, and leaves other resources alone', () => {
    const eventTime = createDistinctEventTimes();
    const at = new Date('2026-12-02T06:00:00.000Z');

    const times = [
      eventTime('payment-service', at),
      eventTime('payment-service', at),
      eventTime('orders-service', at),
      eventTime('payment-service', at),
    ];

    expect(times.map(t => t.toISOString())).toEqual([
      '2026-12-02T06:00:00.000Z',
      '2026-12-02T06:00:00.001Z',
      '2026-12-02T06:00:00.000Z',
      '2026-12-02T06:00:00.002Z',
    ]);
  });
});

describe('withDistinctEventTimes', () => {
  it('keeps two events of one service stamped alike as two points', async () => {
    const collector = defineCollector({
      id: 'twins',
      description: 'two events at one time',
      schedule: 'rate(1 hour)',
      async collect(runCtx) {
        const ctx = withDistinctEventTimes(runCtx);
        const service = ctx.resources.service({ service: 'payment-service' });
        ctx.readings['service-event'](
          service,
          { kind: 'deployment-completed', title: 'production done' },
          { collectedAt: '2026-12-02T06:00:00.000Z' },
        );
        ctx.readings['service-event'](
          service,
          { kind: 'deployment-failed', title: 'staging failed' },
          { collectedAt: '2026-12-02T06:00:00.000Z' },
        );
      },
    });

    const { publisher } = await runCollectorForTest({ collector });

    expect(
      publisher.readings({ type: 'service-event' }).map(r => r.collectedAt),
    ).toEqual(['2026-12-02T06:00:00.000Z', '2026-12-02T06:00:00.001Z']);
  });
});
