import { ServiceEntityResolver } from './catalogEntities';
import { testCatalogApi } from './testing/catalog';

describe('ServiceEntityResolver', () => {
  it('finds a Component by its cockpit.io/service-name annotation, in its own namespace', async () => {
    const resolver = new ServiceEntityResolver(testCatalogApi());

    await expect(resolver.entityRefOf('checkout-service')).resolves.toEqual({
      kind: 'Component',
      namespace: 'shop',
      name: 'checkout-service',
    });
  });

  it('prefers the annotated Component to one that only shares the name', async () => {
    const resolver = new ServiceEntityResolver(testCatalogApi());

    await expect(resolver.entityRefOf('order-service')).resolves.toEqual({
      kind: 'Component',
      namespace: 'shop',
      name: 'orders',
    });
  });

  it('answers undefined for a service the catalog does not know', async () => {
    const resolver = new ServiceEntityResolver(testCatalogApi());

    await expect(
      resolver.entityRefOf('fraud-scoring'),
    ).resolves.toBeUndefined();
  });

  it('asks the catalog once for the services wanted in the same tick, and remembers', async () => {
    const catalogApi = testCatalogApi();
    const getEntities = jest.spyOn(catalogApi, 'getEntities');
    const resolver = new ServiceEntityResolver(catalogApi);

    const refs = await Promise.all(
      ['payment-service', 'checkout-service', 'fraud-scoring'].map(s =>
        resolver.entityRefOf(s),
      ),
    );
    await resolver.entityRefOf('payment-service');

    expect(refs.map(ref => ref?.name)).toEqual([
      'payment-service',
      'checkout-service',
      undefined,
    ]);
    expect(getEntities).toHaveBeenCalledTimes(1);
  });
});
