import type { Entity } from '@backstage/catalog-model';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';

const component = (
  name: string,
  options: { namespace?: string; service?: string } = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: options.namespace ?? 'default',
    ...(options.service && {
      annotations: { 'cockpit.io/service-name': options.service },
    }),
  },
  spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
});

/**
 * The catalog of the UI tests: payment-service under its own name; checkout-service in the
 * `shop` namespace; `orders` is the Component of the Cockpit service `order-service`, and a
 * Component named `order-service` without the annotation is someone else's.
 */
export const testCatalogEntities: Entity[] = [
  component('payment-service', { service: 'payment-service' }),
  component('checkout-service', {
    namespace: 'shop',
    service: 'checkout-service',
  }),
  component('orders', { namespace: 'shop', service: 'order-service' }),
  component('order-service', { namespace: 'legacy' }),
];

/** Backstage's in-memory catalog API holding `testCatalogEntities`. */
export function testCatalogApi() {
  return catalogApiMock({ entities: testCatalogEntities });
}
