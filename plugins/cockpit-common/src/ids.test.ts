import { resourceId, COCKPIT_RESOURCE_NAMESPACE } from './ids';

describe('resourceId', () => {
  it('is a deterministic UUIDv5 of type and name', () => {
    const id = resourceId('Service', 'payment-service');
    expect(id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(resourceId('Service', 'payment-service')).toBe(id);
    expect(resourceId('ServiceDeployment', 'payment-service')).not.toBe(id);
    expect(COCKPIT_RESOURCE_NAMESPACE).toHaveLength(36);
  });
});
