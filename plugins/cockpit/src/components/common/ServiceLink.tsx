import { type ReactNode, useMemo } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef, EntityRefLink } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import { ServiceEntityResolver } from '../../catalogEntities';
import type { CatalogApi } from '@backstage/plugin-catalog-react';

const resolvers = new WeakMap<CatalogApi, ServiceEntityResolver>();

function useServiceEntityResolver(): ServiceEntityResolver {
  const catalogApi = useApi(catalogApiRef);
  return useMemo(() => {
    let resolver = resolvers.get(catalogApi);
    if (!resolver) {
      resolver = new ServiceEntityResolver(catalogApi);
      resolvers.set(catalogApi, resolver);
    }
    return resolver;
  }, [catalogApi]);
}

/**
 * A Cockpit service's name, linking to its catalog Component (found through the
 * `cockpit.io/service-name` annotation, in whatever namespace); plain text when the
 * catalog has no Component for it.
 */
export const ServiceLink = (props: {
  service: string;
  /** Shown instead of the service name. */
  title?: string;
  /** Shown when the catalog has no Component for the service; the text by default. */
  unlinked?: ReactNode;
}) => {
  const resolver = useServiceEntityResolver();
  const { value: entityRef } = useAsync(
    () => resolver.entityRefOf(props.service),
    [resolver, props.service],
  );
  const text = props.title ?? props.service;
  if (!entityRef) {
    return <span data-testid="service-unlinked">{props.unlinked ?? text}</span>;
  }
  return (
    <EntityRefLink entityRef={entityRef} defaultKind="component" title={text} />
  );
};
