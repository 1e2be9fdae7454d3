import type {
  AuditorService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { HousekeepingStore } from '../database/KnexCockpitStore';
import type { HousekeepingConfig } from './config';
import { runHousekeeping } from './housekeeping';

/** Housekeeping on the scheduler when `cockpit.housekeeping` enables it; each run audited and logged. */
export async function scheduleHousekeeping(options: {
  config: HousekeepingConfig;
  store: HousekeepingStore;
  scheduler: SchedulerService;
  auditor: AuditorService;
  logger: LoggerService;
}): Promise<void> {
  const { config, store, auditor, logger } = options;
  if (!config.enabled) return;
  await options.scheduler.scheduleTask({
    id: 'cockpit-housekeeping',
    ...config.schedule,
    fn: async () => {
      // Deletes are audited: what went, and when, is there to read afterwards.
      const audit = await auditor.createEvent({
        eventId: 'housekeeping',
        severityLevel: 'medium',
      });
      const started = Date.now();
      try {
        const report = await runHousekeeping({ store, config });
        await audit.success({ meta: { ...report } });
        logger.info(
          `Cockpit housekeeping removed ${JSON.stringify(report)} in ${
            Date.now() - started
          } ms`,
        );
      } catch (error) {
        await audit.fail({ error: error as Error });
        throw error;
      }
    },
  });
}
