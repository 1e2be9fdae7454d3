import { z } from 'zod';
import { defineCollector } from './collector';
import { createCollectorLambdaHandler } from './lambdaHandler';
import { createTestPublisher } from './testing';

const greeter = defineCollector({
  id: 'greeter',
  description: 'one service named by config',
  schedule: 'rate(1 hour)',
  configSchema: z.object({
    service: z.string(),
    waitMs: z.number().default(0),
  }),
  async collect(ctx) {
    ctx.resources.service({ service: ctx.config.service });
    if (ctx.config.waitMs) {
      await new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, ctx.config.waitMs);
        ctx.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(ctx.signal.reason);
        });
      });
    }
  },
});

describe('createCollectorLambdaHandler', () => {
  it('runs the collector once per scheduled event with the configuration from the event', async () => {
    const publisher = createTestPublisher();
    const handler = createCollectorLambdaHandler({
      collector: greeter,
      publisher,
      env: {},
    });

    const summary = await handler({
      detail: { config: { service: 'payment-service' } },
    });

    expect(summary).toMatchObject({ collector: 'greeter', messages: 1 });
    publisher.expectResource({ type: 'Service', name: 'payment-service' });
  });

  it('reads the configuration from COCKPIT_COLLECTOR_CONFIG for a plain EventBridge schedule event', async () => {
    const publisher = createTestPublisher();
    const handler = createCollectorLambdaHandler({
      collector: greeter,
      publisher,
      env: {
        COCKPIT_COLLECTOR_CONFIG: JSON.stringify({
          service: 'checkout-service',
        }),
      },
    });

    await handler({ 'detail-type': 'Scheduled Event', detail: {} } as any);

    publisher.expectResource({ type: 'Service', name: 'checkout-service' });
  });

  it('aborts the run shortly before the Lambda times out', async () => {
    const handler = createCollectorLambdaHandler({
      collector: greeter,
      publisher: createTestPublisher(),
      env: {},
    });

    await expect(
      handler(
        { detail: { config: { service: 'slow', waitMs: 10_000 } } },
        { getRemainingTimeInMillis: () => 5050 },
      ),
    ).rejects.toThrow('Lambda about to time out');
  });

  it('picks the publisher from the environment when none is given', async () => {
    const handler = createCollectorLambdaHandler({
      collector: greeter,
      env: { COCKPIT_PUBLISHER: 'sns' },
    });

    await expect(
      handler({ detail: { config: { service: 'x' } } }),
    ).rejects.toThrow(/COCKPIT_PUBLISHER=sns.*topicArn/);
  });
});
