import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import type { z } from 'zod';

/** What a calculation's `run` receives besides its parsed parameters. */
export interface CalculationContext {
  /** The Cockpit database (read it with set-based SQL: a constant number of queries per call). */
  knex: Knex;
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
 *   run: async ({ params, knex }) => ({ items: await knex('readings').where(...) }),
 * });
 */
export interface Calculation<TParams extends z.ZodType = z.ZodType, TResult = unknown> {
  /** URL-safe name, e.g. `service-overview`. */
  name: string;
  description: string;
  /** Zod schema of the query parameters; its failures become 400s that name the parameter. */
  params: TParams;
  run(options: CalculationContext & { params: z.output<TParams> }): Promise<TResult>;
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
