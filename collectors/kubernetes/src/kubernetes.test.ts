import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  createMemoryStateStore,
  runCollectorForTest,
} from '@cockpit/collector-sdk';
import { kubernetesCollector } from './kubernetes';
import { startKubernetesReplayServer } from './replayServer';

const fixtures = resolve(__dirname, '__fixtures__');
const environments = {
  'payments-prod': 'production',
  'payments-staging': 'staging',
};
const now = () => new Date('2026-12-02T06:05:00.000Z');
let replay: Awaited<ReturnType<typeof startKubernetesReplayServer>>;
let kubeconfig: string;

async function serve(...directories: string[]) {
  await replay?.close();
  replay = await startKubernetesReplayServer({
    directories: directories.map(d => join(fixtures, d)),
  });
  kubeconfig = join(mkdtempSync(join(tmpdir(), 'cockpit-kube-')), 'config');
  writeFileSync(kubeconfig, replay.kubeconfig);
}

function run(
  config: Record<string, unknown> = {},
  state = createMemoryStateStore(),
) {
  return runCollectorForTest({
    collector: kubernetesCollector,
    config: { kubeconfig, environments, ...config },
    now,
    state,
  });
}

function titles(messages: { type: string; value: unknown }[]) {
  return messages
    .filter(m => m.type === 'service-event')
    .map(m => (m.value as { title: string }).title);
}

describe('kubernetesCollector', () => {
  beforeEach(() => serve('kubernetes'));
  afterAll(() => replay.close());

  it('lists every page of the API and asks only for pods with the service label', async () => {
    await run();

    expect(
      replay.requests.filter(r => r.startsWith('/apis/apps/v1/deployments')),
    ).toEqual([
      '/apis/apps/v1/deployments?limit=500',
      expect.stringMatching(
        /^\/apis\/apps\/v1\/deployments\?continue=eyJ2Ijo.+&limit=500$/,
      ),
    ]);
    expect(replay.requests).toContain(
      '/api/v1/pods?labelSelector=app.kubernetes.io%2Fname&limit=500',
    );
  });

  it('maps workloads to deployments by label, with the namespace as environment, and skips unlabelled ones', async () => {
    const { publisher } = await run();

    expect(
      publisher
        .resources('ServiceDeployment')
        .map(r => r.name)
        .sort(),
    ).toEqual([
      'checkout-service/production',
      'ledger-db/production',
      'payment-service/production',
      'payment-service/staging',
    ]);
  });

  it('takes the environment from the cluster or a label when configured so', async () => {
    const byCluster = await run({
      environmentFrom: 'cluster',
      environments: { 'replay-cluster': 'eu-prod' },
    });
    const byLabel = await run({
      environmentFrom: 'label',
      environmentLabel: 'app.kubernetes.io/part-of',
    });

    byCluster.publisher.expectResource({
      type: 'ServiceDeployment',
      name: 'payment-service/eu-prod',
    });
    expect(
      [
        ...new Set(
          byLabel.publisher.resources('ServiceDeployment').map(r => r.name),
        ),
      ].sort(),
    ).toEqual(['checkout-service/payments', 'payment-service/payments']);
  });

  it('reads only the configured namespaces, through their namespaced paths', async () => {
    const { publisher } = await run({ namespaces: ['payments-staging'] });

    expect(replay.requests).toContain(
      '/apis/apps/v1/namespaces/payments-staging/deployments?limit=500',
    );
    expect(publisher.resources('ServiceDeployment').map(r => r.name)).toEqual([
      'payment-service/staging',
    ]);
  });

  it('describes each deployment from its template, its current ReplicaSet and its rollout state', async () => {
    const { publisher } = await run();

    publisher.expectReading({
      type: 'deployment-info',
      resource: 'payment-service/production',
      value: {
        version: '1.77.5',
        image:
          '123456789012.dkr.ecr.eu-west-1.amazonaws.com/payment-service:1.77.5',
        deployedAt: '2026-12-02T05:28:02.000Z',
        namespace: 'payments-prod',
        workload: 'Deployment/payment-service',
        revision: '14',
        rolloutState: 'COMPLETED',
      },
    });
    publisher.expectReading({
      type: 'deployment-info',
      resource: 'checkout-service/production',
      value: { version: '2.4.0', rolloutState: 'IN_PROGRESS' },
    });
    publisher.expectReading({
      type: 'deployment-info',
      resource: 'payment-service/staging',
      value: {
        rolloutState: 'FAILED',
        rolloutStateReason:
          'ReplicaSet "payment-service-9a8b7c6d5" has timed out progressing.',
      },
    });
    publisher.expectReading({
      type: 'deployment-info',
      resource: 'ledger-db/production',
      value: {
        version: '16.4-bookworm',
        workload: 'StatefulSet/ledger-db',
        deployedAt: '2026-10-14T03:12:55.000Z',
        rolloutState: 'COMPLETED',
      },
    });
  });

  it('links each deployment to the images of all its containers', async () => {
    const { publisher } = await run();

    publisher.expectReading({
      type: 'deployment-images',
      resource: 'payment-service/production',
      value: {
        images: [
          '123456789012.dkr.ecr.eu-west-1.amazonaws.com/payment-service:1.77.5',
          'docker.io/istio/proxyv2:1.22.3',
        ],
      },
    });
    publisher.expectResource({
      type: 'ContainerImage',
      name: 'docker.io/library/postgres:16.4-bookworm',
    });
  });

  it('publishes running pods of known workloads as instances with node, address and readiness', async () => {
    const { publisher } = await run();

    expect(
      publisher
        .resources('ServiceInstance')
        .map(r => r.name)
        .sort(),
    ).toEqual([
      'checkout-service/production/checkout-service-54c3d2e1f-v5n1c',
      'checkout-service/production/checkout-service-6b5a4c3d2-h8d2w',
      'ledger-db/production/ledger-db-0',
      'payment-service/production/payment-service-7f9c8d6b5-q7m4t',
      'payment-service/production/payment-service-7f9c8d6b5-x2k9p',
      'payment-service/staging/payment-service-9a8b7c6d5-t4r8s',
    ]);
    publisher.expectReading({
      type: 'instance-info',
      resource: 'payment-service/staging/payment-service-9a8b7c6d5-t4r8s',
      value: {
        ip: '10.42.4.8',
        host: 'ip-10-20-0-14.eu-west-1.compute.internal',
        startedAt: '2026-12-01T17:00:36.000Z',
        restarts: 14,
      },
    });
    publisher.expectReading({
      type: 'health',
      resource: 'payment-service/staging/payment-service-9a8b7c6d5-t4r8s',
      value: { status: 'DOWN', reason: 'ContainersNotReady' },
    });
    publisher.expectReading({
      type: 'health',
      resource: 'ledger-db/production/ledger-db-0',
      value: { status: 'UP' },
    });
  });

  it('emits rollouts and pod starts once, then only what changed since the last run', async () => {
    const state = createMemoryStateStore();
    const first = await run({}, state);
    await serve('kubernetes-later', 'kubernetes');

    const second = await run({}, state);

    expect(titles(first.publisher.messages as any)).toContain(
      'payment-service staging: rollout of Deployment payments-staging/payment-service revision 9 (1.78.0-rc.1) failed: ReplicaSet "payment-service-9a8b7c6d5" has timed out progressing.',
    );
    expect(first.publisher.readings({ type: 'service-event' })).toHaveLength(
      4 + 3 + 6,
    ); // rollouts started, finished (checkout-service's runs on), pods started
    expect(titles(second.publisher.messages as any)).toEqual([
      'checkout-service production: rollout of Deployment payments-prod/checkout-service revision 3 (2.4.0) completed',
      'pod checkout-service-6b5a4c3d2-b3f6z started in production',
      'pod checkout-service-54c3d2e1f-v5n1c is gone from production',
    ]);
    const started = second.publisher.expectReading({
      type: 'service-event',
      resource: 'checkout-service',
      value: { kind: 'instance-started' },
    });
    expect(started.collectedAt).toBe('2026-12-02T06:01:12.000Z');
  });

  it('stamps events of one service a run finds at once apart, so the store keeps each of them', async () => {
    const { publisher } = await run();

    const points = publisher
      .readings({ type: 'service-event' })
      .map(r => `${r.resource.name} ${r.collectedAt}`);
    expect(new Set(points).size).toBe(points.length);
    expect(points).toEqual(
      expect.arrayContaining([
        'payment-service 2026-12-02T06:05:00.000Z',
        'payment-service 2026-12-02T06:05:00.001Z',
      ]),
    );
  });
});
