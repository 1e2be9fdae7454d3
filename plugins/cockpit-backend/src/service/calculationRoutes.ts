import { NotFoundError } from '@backstage/errors';
import { z } from 'zod';
import { cockpitReadPermission } from '@cockpit/plugin-cockpit-common';
import type { Calculation } from '@cockpit/plugin-cockpit-node';
import type { KnexCockpitStore } from '../database/KnexCockpitStore';
import { parseInput } from './input';
import type { RouteSpec } from './routeSpec';
import {
  CalculationListSchema,
  CalculationNamePath,
  CalculationQuery,
  CalculationResultSchema,
} from './schemas';

/** `GET /calculations`: each calculation with the JSON Schema of its parameters. */
function listCalculations(
  calculations: ReadonlyMap<string, Calculation>,
): z.infer<typeof CalculationListSchema> {
  return {
    items: [...calculations.values()].map(calculation => ({
      name: calculation.name,
      description: calculation.description,
      params: z.toJSONSchema(calculation.params, {
        io: 'input',
        unrepresentable: 'any',
      }),
    })),
  };
}

/** The calculation routes of contract section 5: the list, and running one (as of a moment, too). */
export function calculationRoutes(context: {
  store: KnexCockpitStore;
  calculations: ReadonlyMap<string, Calculation>;
}): RouteSpec[] {
  const { store, calculations } = context;
  // Calculations are registered before the router is built; their schemas never change.
  const calculationList = listCalculations(calculations);
  return [
    {
      method: 'get',
      path: '/calculations',
      summary:
        'The registered calculations with the JSON Schema of their parameters',
      permission: cockpitReadPermission,
      response: CalculationListSchema,
      handle: async () => calculationList,
    },
    {
      method: 'get',
      path: '/calculations/:name',
      summary:
        "Runs a calculation with its query parameters (GET /calculations lists each one's); asOf= runs it as of that moment",
      permission: cockpitReadPermission,
      pathParams: CalculationNamePath,
      query: CalculationQuery,
      response: CalculationResultSchema,
      async handle({ path, query: { asOf, ...query } }) {
        const calculation = calculations.get(path.name);
        if (!calculation)
          throw new NotFoundError(`No calculation named "${path.name}"`);
        const params = parseInput(calculation.params, query);
        // Every reader of the store it is given answers as of the moment: any calculation,
        // shipped or a module's, gets asOf without code of its own.
        return calculation.run({
          store: asOf ? store.asOf(new Date(asOf)) : store,
          unsafeKnex: () => store.unsafeKnex(),
          params,
        });
      },
    },
  ];
}
