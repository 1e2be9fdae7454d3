import {
  coreServices,
  createBackendModule,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  CollectorLogger,
  createInProcessPublisher,
  runCollector,
} from '@cockpit/collector-sdk';
import { demoFleetCollector } from '@cockpit/collector-demo-fleet';
import { migrateLatest } from '@cockpit/migrations';
import { ingestBatches } from '@cockpit/store';

function collectorLogger(logger: LoggerService): CollectorLogger {
  const meta = (m?: Record<string, unknown>) =>
    m as Record<string, string> | undefined;
  return {
    debug: (message, m) => logger.debug(message, meta(m)),
    info: (message, m) => logger.info(message, meta(m)),
    warn: (message, m) => logger.warn(message, meta(m)),
    error: (message, m) => logger.error(message, meta(m)),
  };
}

/**
 * Local mode: runs the demo-fleet collector on a schedule and publishes what it collects
 * through the SDK's in-process publisher straight into the sink's ingestion core, so that
 * `yarn start` shows a live fleet with no cloud. Enabled by `cockpit.localMode.demoFleet.enabled`.
 */
export const cockpitLocalDemoFleetModule = createBackendModule({
  pluginId: 'cockpit',
  moduleId: 'local-demo-fleet',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        database: coreServices.database,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({ config, database, logger, scheduler }) {
        const settings = config.getOptionalConfig(
          'cockpit.localMode.demoFleet',
        );
        if (!settings?.getOptionalBoolean('enabled')) {
          return;
        }
        // The Cockpit plugin's database and pool. A plugin's modules start before the plugin,
        // so the tables are made here before the first collection is scheduled.
        const knex = await database.getClient();
        if (!database.migrations?.skip) {
          await migrateLatest({ knex });
        }
        const publisher = createInProcessPublisher({
          // the outcome of the one batch tells the run's record how many messages were refused
          ingest: async batch =>
            (
              await ingestBatches({
                knex,
                batches: [
                  {
                    body: batch,
                    source: 'local:demo-fleet',
                    receivedAt: new Date(),
                  },
                ],
              })
            )[0],
        });
        const fleet = settings.getOptional('fleet') ?? {};
        const minutes = settings.getOptionalNumber('everyMinutes') ?? 15;
        await scheduler.scheduleTask({
          id: 'cockpit-local-demo-fleet',
          frequency: { minutes },
          timeout: { minutes: 10 },
          initialDelay: { seconds: 1 },
          fn: async () => {
            const summary = await runCollector({
              collector: demoFleetCollector,
              publisher,
              config: fleet,
              logger: collectorLogger(logger),
            });
            logger.info(`demo fleet published: ${JSON.stringify(summary)}`);
          },
        });
      },
    });
  },
});
