import { useMemo } from 'react';
import { useRouteRef } from '@backstage/core-plugin-api';
import { rootRouteRef } from '../../routes';

/**
 * Links into the fleet pages from anywhere in the plugin: a resource in the explorer, a
 * package in "who uses".
 *
 * @example
 * const links = useFleetLinks();
 * <Link to={links.explorer(resource.id)}>{resource.name}</Link>
 */
export function useFleetLinks() {
  const fleetRoot = useRouteRef(rootRouteRef);
  return useMemo(
    () => ({
      explorer: (resourceId: string) =>
        `${fleetRoot()}/explorer?resource=${encodeURIComponent(resourceId)}`,
      whoUses: (purl: string) =>
        `${fleetRoot()}/who-uses?purl=${encodeURIComponent(purl)}`,
    }),
    [fleetRoot],
  );
}
