import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import type { z } from 'zod';
import type { CockpitStore } from './store';

/** What a calculation's `run` receives besides its parsed parameters. */
export interface CalculationContext {
  /**
   * Reads the Cockpit store: resources, current readings, time series, dependency links,
   * history. For `?asOf=` it is a store bound to that moment (`store.asOf(T)`): every reader
   * answers as of then, so the calculation needs no code of its own; `store.now()` is the
   * moment to start default time windows from.
   */
  store: CockpitStore;
  /**
   * Escape hatch for a calculation that truly needs SQL the store does not offer (say, a
   * window function over a module's own table). Prefer `store`: SQL written here sees only
   * the current rows of today's table layout. It gives up what the store adds in one place
   * for every reader: "as of" reads over history (contract section 7: SQL here ignores
   * `asOf`), and it breaks when a table it reads changes. Keep such SQL set-based (a constant
   * number of queries per call).
   */
  unsafeKnex(): Knex;
}

/**
 * A named, parameterised query over the Cockpit store, served at
 * `GET /api/cockpit/calculations/:name?<params>`.
 *
 * @example
 * const openIncidents = defineCalculation({
 *   name: 'open-incidents',
 *   description: 'Incidents of the last day',
 *   params: z.object({ service: z.string().min(1) }),
 *   run: async ({ params, store }) => {
 *     const tree = await store.getSubtree({ rootId: resourceId('Service', params.service) });
 *     const { readings } = await store.readTimeSeries({
 *       resourceIds: tree.map(resource => resource.id),
 *       type: 'service-event',
 *       from: new Date(Date.now() - 86_400_000),
 *       to: new Date(),
 *       limit: 100,
 *     });
 *     return { items: readings.filter(event => event.value.kind === 'incident') };
 *   },
 * });
 */
export interface Calculation<
  TParams extends z.ZodType = z.ZodType,
  TResult = unknown,
> {
  /** URL-safe name, e.g. `service-overview`. */
  name: string;
  description: string;
  /** Zod schema of the query parameters; its failures become 400s that name the parameter. */
  params: TParams;
  run(
    options: CalculationContext & { params: z.output<TParams> },
  ): Promise<TResult>;
}

/** Identity helper that keeps a calculation's parameter and result types. */
export function defineCalculation<TParams extends z.ZodType, TResult>(
  calculation: Calculation<TParams, TResult>,
): Calculation<TParams, TResult> {
  return calculation;
}

/** Where backend modules add calculations to the Cockpit plugin. */
export interface CockpitCalculationsExtensionPoint {
  addCalculation(...calculations: Calculation<any, any>[]): void;
}

/**
 * The extension point through which a backend module adds calculations without touching
 * the Cockpit plugin.
 *
 * @example
 * createBackendModule({
 *   pluginId: 'cockpit',
 *   moduleId: 'my-calculations',
 *   register(env) {
 *     env.registerInit({
 *       deps: { calculations: cockpitCalculationsExtensionPoint },
 *       async init({ calculations }) { calculations.addCalculation(openIncidents); },
 *     });
 *   },
 * });
 */
export const cockpitCalculationsExtensionPoint =
  createExtensionPoint<CockpitCalculationsExtensionPoint>({
    id: 'cockpit.calculations',
  });
