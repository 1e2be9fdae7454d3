import { useApi } from '@backstage/core-plugin-api';
import type { Reading, Resource } from '@cockpit/plugin-cockpit-common';
import useAsync from 'react-use/esm/useAsync';
import { cockpitApiRef } from '../../../api';

/** How many ancestors the breadcrumbs go up at most. */
const MAX_ANCESTORS = 10;

/** One resource with its ancestors (the root first), its children and its readings. */
export function useResourceDetails(id: string) {
  const cockpit = useApi(cockpitApiRef);
  return useAsync(async () => {
    const resource = await cockpit.getResource(id);
    const ancestors: Resource[] = [];
    for (
      let parentId = resource.parentId;
      parentId && ancestors.length < MAX_ANCESTORS;

    ) {
      const parent = await cockpit.getResource(parentId);
      ancestors.unshift(parent);
      parentId = parent.parentId;
    }
    const [children, readings] = await Promise.all([
      cockpit.listChildren(resource.id),
      cockpit.listReadings(resource.id, { limit: 500 }),
    ]);
    return {
      resource,
      ancestors,
      children: children.items,
      readings: readings.items as Reading[],
    };
  }, [cockpit, id]);
}
