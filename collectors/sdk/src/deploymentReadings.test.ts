import { defineCollector } from './collector';
import { publishDeploymentReadings } from './deploymentReadings';
import { runCollectorForTest } from './testing';

describe('publishDeploymentReadings', () => {
  it('publishes the info, then links each image it lists once, declared as a ContainerImage', async () => {
    const collector = defineCollector({
      id: 'deployments',
      description: 'one deployment',
      schedule: 'rate(1 hour)',
      async collect(ctx) {
        const deployment = ctx.resources.serviceDeployment({
          service: 'payment-service',
          environment: 'production',
        });
        publishDeploymentReadings(ctx, deployment, {
          version: '1.77.5',
          deployedAt: '2026-12-02T05:40:12.337Z',
          images: [
            'docker.io/istio/proxyv2:1.22.3',
            'docker.io/library/postgres:16.4-bookworm',
            'docker.io/istio/proxyv2:1.22.3',
          ],
        });
      },
    });

    const { publisher } = await runCollectorForTest({ collector });

    // the run's own Collector and collector-run follow
    expect(publisher.messages.map(m => m.type).slice(0, 6)).toEqual([
      'ServiceDeployment',
      'deployment-info',
      'ContainerImage',
      'ContainerImage',
      'ContainerImage',
      'deployment-images',
    ]);
    publisher.expectReading({
      type: 'deployment-images',
      resource: 'payment-service/production',
      value: {
        images: [
          'docker.io/istio/proxyv2:1.22.3',
          'docker.io/library/postgres:16.4-bookworm',
        ],
      },
    });
  });
});
