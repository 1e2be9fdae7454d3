import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { cockpitPermissions } from '@cockpit/plugin-cockpit-common';
import {
  Calculation,
  cockpitCalculationsExtensionPoint,
} from '@cockpit/plugin-cockpit-node';
import { migrateLatest } from '@cockpit/migrations';
import { builtInCalculations } from './calculations';
import { KnexCockpitStore } from './database/KnexCockpitStore';
import { readHousekeepingConfig } from './housekeeping/config';
import { runHousekeeping } from './housekeeping/housekeeping';
import { createIngest } from './service/ingest';
import { createRouter } from './service/router';

/**
 * The Cockpit data provider: REST API (`/api/cockpit`), calculations (extensible through
 * `cockpitCalculationsExtensionPoint`), `POST /ingest` through the sink core, and housekeeping
 * on the scheduler.
 */
export const cockpitPlugin = createBackendPlugin({
  pluginId: 'cockpit',
  register(env) {
    const calculations = new Map<string, Calculation>();
    const addCalculation = (calculation: Calculation) => {
      if (calculations.has(calculation.name)) {
        throw new Error(
          `A calculation named "${calculation.name}" is already registered`,
        );
      }
      calculations.set(calculation.name, calculation);
    };
    builtInCalculations.forEach(addCalculation);
    env.registerExtensionPoint(cockpitCalculationsExtensionPoint, {
      addCalculation: (...added) => added.forEach(addCalculation),
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        database: coreServices.database,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        auditor: coreServices.auditor,
      },
      async init({
        config,
        database,
        logger,
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        scheduler,
        auditor,
      }) {
        permissionsRegistry.addPermissions(cockpitPermissions);
        // The plugin's database (backend.database, or backend.database.plugin.cockpit): the
        // one the sink writes. Backstage owns the pool and closes it at shutdown.
        const knex = await database.getClient();
        if (!database.migrations?.skip) {
          await migrateLatest({ knex });
        }
        const store = KnexCockpitStore.create({ knex, logger });
        logger.info(
          `Cockpit data provider with ${calculations.size} calculations`,
        );

        httpRouter.use(
          await createRouter({
            store,
            calculations,
            ingest: createIngest({ knex }),
            httpAuth,
            permissions,
            auditor,
            config,
            logger,
          }),
        );

        const housekeeping = readHousekeepingConfig(config);
        if (housekeeping.enabled) {
          await scheduler.scheduleTask({
            id: 'cockpit-housekeeping',
            ...housekeeping.schedule,
            fn: async () => {
              // Deletes are audited: what went, and when, is there to read afterwards.
              const audit = await auditor.createEvent({
                eventId: 'housekeeping',
                severityLevel: 'medium',
              });
              const started = Date.now();
              try {
                const report = await runHousekeeping({
                  store,
                  config: housekeeping,
                });
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
      },
    });
  },
});
