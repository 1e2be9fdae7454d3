import {
  AuditorService,
  coreServices,
  createBackendPlugin,
  DatabaseService,
  HttpAuthService,
  HttpRouterService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { cockpitPermissions } from '@cockpit/plugin-cockpit-common';
import {
  Calculation,
  cockpitCalculationsExtensionPoint,
} from '@cockpit/plugin-cockpit-node';
import { migrateLatest } from '@cockpit/migrations';
import { createCalculationRegistry } from './calculations/registry';
import { KnexCockpitStore } from './database/KnexCockpitStore';
import { supportsPreparedStatements } from './database/prepared';
import { readHousekeepingConfig } from './housekeeping/config';
import { scheduleHousekeeping } from './housekeeping/scheduleHousekeeping';
import { createIngest } from './service/ingest';
import { createRouter } from './service/router';

/** The Backstage services the plugin starts with. */
interface CockpitServices {
  config: RootConfigService;
  database: DatabaseService;
  logger: LoggerService;
  httpRouter: HttpRouterService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  scheduler: SchedulerService;
  auditor: AuditorService;
}

/** Starts the plugin: permissions, the migrated database, the API router and housekeeping. */
async function initCockpit(
  services: CockpitServices,
  calculations: ReadonlyMap<string, Calculation>,
): Promise<void> {
  const { config, database, logger } = services;
  services.permissionsRegistry.addPermissions(cockpitPermissions);
  // The plugin's database (backend.database, or backend.database.plugin.cockpit): the
  // one the sink writes. Backstage owns the pool and closes it at shutdown.
  const knex = await database.getClient();
  if (!database.migrations?.skip) {
    await migrateLatest({ knex });
  }
  const preparedStatements = await supportsPreparedStatements(
    knex,
    config.getOptionalBoolean('cockpit.database.preparedStatements'),
  );
  const store = KnexCockpitStore.create({ knex, logger, preparedStatements });
  logger.info(
    `Cockpit data provider with ${calculations.size} calculations${
      preparedStatements ? ', reads as prepared statements' : ''
    }`,
  );

  services.httpRouter.use(
    await createRouter({
      store,
      calculations,
      ingest: createIngest({ knex }),
      httpAuth: services.httpAuth,
      permissions: services.permissions,
      auditor: services.auditor,
      config,
      logger,
    }),
  );

  await scheduleHousekeeping({
    config: readHousekeepingConfig(config),
    store,
    scheduler: services.scheduler,
    auditor: services.auditor,
    logger,
  });
}

/**
 * The Cockpit data provider: REST API (`/api/cockpit`), calculations (extensible through
 * `cockpitCalculationsExtensionPoint`), `POST /ingest` through the sink core, and housekeeping
 * on the scheduler.
 */
export const cockpitPlugin = createBackendPlugin({
  pluginId: 'cockpit',
  register(env) {
    const { calculations, addCalculation } = createCalculationRegistry();
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
      init: services => initCockpit(services, calculations),
    });
  },
});
