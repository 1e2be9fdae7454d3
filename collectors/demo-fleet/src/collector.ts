import { defineCollector } from '@cockpit/collector-sdk';
import {
  FleetOptionsSchema,
  planFleet,
  generatePoolMessages,
  generateServiceMessages,
} from './fleet';

/**
 * The demo fleet as a collector: publishes a realistic synthetic fleet (see `FleetOptionsSchema`
 * for its size). `yarn start` runs it with the defaults through the in-process publisher.
 */
export const demoFleetCollector = defineCollector({
  id: 'demo-fleet',
  description:
    'A realistic synthetic fleet: services, deployments, instances, dependencies and container images with known vulnerabilities, code insights and months of service events',
  schedule: 'rate(1 day)',
  configSchema: FleetOptionsSchema,
  async collect(ctx) {
    const fleet = planFleet({
      ...ctx.config,
      now: ctx.config.now ?? undefined,
    });
    let emitted = 0;
    for (const message of generatePoolMessages(fleet)) {
      ctx.emit(message);
      emitted += 1;
    }
    await ctx.flush();
    for (let i = 0; i < fleet.services.length; i++) {
      ctx.signal.throwIfAborted();
      for (const message of generateServiceMessages(fleet, i)) {
        ctx.emit(message);
        emitted += 1;
      }
      // keep memory flat on big fleets: wait for the publisher every service
      await ctx.flush();
    }
    ctx.logger.info(
      `generated ${fleet.services.length} services and ${fleet.versions.length} dependency versions (${emitted} messages)`,
    );
  },
});
