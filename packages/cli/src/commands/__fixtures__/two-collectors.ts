import { defineCollector } from '@cockpit/collector-sdk';

/** Two collectors in one module: the CLI needs `path#id` to pick one. */
export const first = defineCollector({
  id: 'first',
  description: 'one service',
  schedule: 'rate(1 hour)',
  async collect(ctx) {
    ctx.resources.service({ service: 'first-service' });
  },
});

export const second = defineCollector({
  id: 'second',
  description: 'another service',
  schedule: 'cron(0 3 * * ? *)',
  async collect(ctx) {
    ctx.resources.service({ service: 'second-service' });
  },
});
