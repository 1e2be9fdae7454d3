import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { cockpitPermissions } from '@cockpit/plugin-cockpit-common';
import { Calculation, cockpitCalculationsExtensionPoint } from '@cockpit/plugin-cockpit-node';
import { openCockpitDatabase } from '@cockpit/store';
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
        throw new Error(`A calculation named "${calculation.name}" is already registered`);
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
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
      },
      async init({ config, logger, httpRouter, httpAuth, permissions, permissionsRegistry, scheduler, lifecycle }) {
        permissionsRegistry.addPermissions(cockpitPermissions);
        const database = await openCockpitDatabase({
          url: config.getOptionalString('cockpit.database.url'),
          applicationName: 'cockpit-backend',
        });
        lifecycle.addShutdownHook(() => database.close());
        const store = KnexCockpitStore.create({ knex: database.knex, logger });
        logger.info(`Cockpit data provider on ${database.engine} with ${calculations.size} calculations`);

        httpRouter.use(
          await createRouter({
            store,
            calculations,
            ingest: createIngest({ knex: database.knex }),
            httpAuth,
            permissions,
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
              const started = Date.now();
              const report = await runHousekeeping({ store, config: housekeeping });
              logger.info(`Cockpit housekeeping removed ${JSON.stringify(report)} in ${Date.now() - started} ms`);
            },
          });
        }
      },
    });
  },
});
