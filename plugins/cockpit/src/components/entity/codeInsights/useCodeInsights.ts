import { useApi } from '@backstage/core-plugin-api';
import {
  CodeInsightsValueSchema,
  resourceId,
  RESOURCE_TYPES,
} from '@cockpit/plugin-cockpit-common';
import useAsync from 'react-use/esm/useAsync';
import { cockpitApiRef } from '../../../api';
import { isNotFound } from '../../common';
import { useAsOf } from '../asOf';

/**
 * The newest `code-insights` reading of a service (as of the tab's moment), parsed; undefined
 * when none was collected (or the service is unknown), an error when it does not parse.
 */
export function useCodeInsights(service: string) {
  const cockpit = useApi(cockpitApiRef);
  const { asOf } = useAsOf();
  return useAsync(async () => {
    const id = resourceId(RESOURCE_TYPES.Service, service);
    let page;
    try {
      page = await cockpit.listReadings(id, {
        type: 'code-insights',
        limit: 1,
        asOf,
      });
    } catch (e) {
      // no Service resource at all: nothing collected yet, not an error
      if (isNotFound(e as Error)) return undefined;
      throw e;
    }
    const reading = page.items[0];
    if (!reading) return undefined;
    const parsed = CodeInsightsValueSchema.safeParse(reading.value);
    if (!parsed.success)
      throw new Error(
        `the code-insights reading of ${service} is not readable: ${parsed.error.message}`,
      );
    return { insights: parsed.data, collectedAt: reading.collectedAt };
  }, [cockpit, service, asOf]);
}
