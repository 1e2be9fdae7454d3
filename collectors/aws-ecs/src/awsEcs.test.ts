import { resolve } from 'node:path';
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListClustersCommand,
  ListServicesCommand,
  ListTasksCommand,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import {
  AwsRecording,
  answerFromRecordings,
  createMemoryStateStore,
  loadAwsRecordings,
  runCollectorForTest,
} from '@cockpit/collector-sdk';
import { awsEcsCollector } from './awsEcs';

const ecsMock = mockClient(ECSClient);
const firstRun = loadAwsRecordings(resolve(__dirname, '__fixtures__/ecs.json'));
// the same fleet a few minutes later: the rollout completed, the old task stopped, a new one started
const laterRun = [
  ...loadAwsRecordings(resolve(__dirname, '__fixtures__/ecs-later.json')),
  ...firstRun,
];
const config = {
  region: 'eu-west-1',
  clusterEnvironments: { 'prod-cluster': 'production' },
};
const now = () => new Date('2026-12-02T06:00:00.000Z');

const calls: { operation: string; input: any }[] = [];

function replay(recordings: AwsRecording[]) {
  ecsMock.reset();
  calls.length = 0;
  const commands = [
    ListClustersCommand,
    ListServicesCommand,
    DescribeServicesCommand,
    DescribeTaskDefinitionCommand,
    ListTasksCommand,
    DescribeTasksCommand,
  ] as const;
  for (const command of commands) {
    const operation = command.name.replace(/Command$/, '');
    ecsMock.on(command as any).callsFake(input => {
      // paginators reuse their input object, so each call is recorded as it was made
      calls.push({ operation, input: { ...input } });
      return answerFromRecordings(recordings, operation, input) as any;
    });
  }
}

function events(messages: { type: string; value: unknown }[]) {
  return messages
    .filter(m => m.type === 'service-event')
    .map(m => (m.value as { kind: string; title: string }).title);
}

describe('awsEcsCollector', () => {
  beforeEach(() => replay(firstRun));

  it('walks every page of clusters and services and describes services ten at a time with their tags', async () => {
    await runCollectorForTest({ collector: awsEcsCollector, config, now });

    expect(
      calls
        .filter(c => c.operation === 'ListServices')
        .map(c => c.input.nextToken),
    ).toEqual([undefined, 'eyJzZXJ2aWNlcyI6MX0=', undefined]);
    const describe = ecsMock
      .commandCalls(DescribeServicesCommand)
      .map(c => c.args[0].input);
    expect(describe[0]).toMatchObject({ include: ['TAGS'] });
    expect(describe[0].services).toHaveLength(2);
  });

  it('maps services to Cockpit deployments by tag, by cluster and by name, and skips what it cannot place', async () => {
    const { publisher } = await runCollectorForTest({
      collector: awsEcsCollector,
      config,
      now,
    });

    expect(
      publisher
        .resources('ServiceDeployment')
        .map(r => r.name)
        .sort(),
    ).toEqual([
      'orders-service/production',
      'payment-service/production',
      'payment-service/staging',
    ]);
    publisher.expectResource({
      type: 'ServiceDeployment',
      name: 'orders-service/production',
      parent: { type: 'Service', name: 'orders-service' },
    });
  });

  it('places the services of a cluster by the cluster name when told to', async () => {
    const { publisher } = await runCollectorForTest({
      collector: awsEcsCollector,
      config: { ...config, environmentFromCluster: true },
      now,
    });

    publisher.expectResource({
      type: 'ServiceDeployment',
      name: 'legacy-batch/staging-cluster',
    });
  });

  it('describes each deployment from the primary rollout and its task definition image', async () => {
    const { publisher } = await runCollectorForTest({
      collector: awsEcsCollector,
      config,
      now,
    });

    publisher.expectReading({
      type: 'deployment-info',
      resource: 'payment-service/production',
      value: {
        version: '1.77.5',
        image:
          '123456789012.dkr.ecr.eu-west-1.amazonaws.com/payment-service:1.77.5',
        awsAccountId: '123456789012',
        region: 'eu-west-1',
        deployedAt: '2026-12-02T05:40:12.337Z',
        cluster: 'prod-cluster',
        taskDefinition: 'payment-service:42',
        rolloutState: 'IN_PROGRESS',
        desiredCount: 2,
        runningCount: 2,
      },
    });
    publisher.expectReading({
      type: 'deployment-info',
      resource: 'payment-service/staging',
      value: {
        version: '1.78.0-rc.1',
        rolloutState: 'FAILED',
        rolloutStateReason:
          'ECS deployment circuit breaker: tasks failed to start.',
      },
    });
  });

  it('links each deployment to the images of all its containers, sidecars included', async () => {
    const { publisher } = await runCollectorForTest({
      collector: awsEcsCollector,
      config,
      now,
    });

    publisher.expectReading({
      type: 'deployment-images',
      resource: 'orders-service/production',
      value: {
        images: [
          '123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders-service:3.2.1',
          'docker.io/datadog/agent:7.52.0',
        ],
      },
    });
    publisher.expectResource({
      type: 'ContainerImage',
      name: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.2',
    });
  });

  it('publishes each running task as an instance with its address, start time and health', async () => {
    const { publisher } = await runCollectorForTest({
      collector: awsEcsCollector,
      config,
      now,
    });

    expect(
      publisher
        .resources('ServiceInstance')
        .map(r => r.name)
        .sort(),
    ).toEqual([
      'orders-service/production/a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5',
      'payment-service/production/3c1f0b2a9d8e4f7a8b6c5d4e3f2a1b0c',
      'payment-service/production/7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b',
    ]);
    publisher.expectReading({
      type: 'instance-info',
      resource: 'payment-service/production/3c1f0b2a9d8e4f7a8b6c5d4e3f2a1b0c',
      value: {
        ip: '10.0.12.34',
        startedAt: '2026-12-02T05:42:30.512Z',
        availabilityZone: 'eu-west-1a',
        taskDefinition: 'payment-service:42',
      },
    });
    publisher.expectReading({
      type: 'health',
      resource: 'payment-service/production/7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b',
      value: { status: 'DOWN' },
    });
    // a task without a container health check says nothing about health
    expect(
      publisher.readings({
        type: 'health',
        resource: 'orders-service/production/a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5',
      }),
    ).toEqual([]);
  });

  it('emits rollouts and task starts at the time they happened', async () => {
    const { publisher } = await runCollectorForTest({
      collector: awsEcsCollector,
      config,
      now,
    });

    const started = publisher.expectReading({
      type: 'service-event',
      resource: 'payment-service',
      value: {
        kind: 'deployment',
        title:
          'payment-service production: rollout of payment-service:42 (1.77.5) started',
      },
    });
    expect(started.collectedAt).toBe('2026-12-02T05:40:12.337Z');
    const failed = publisher.expectReading({
      type: 'service-event',
      resource: 'payment-service',
      value: {
        kind: 'deployment-failed',
        severity: 'HIGH',
        resource: {
          type: 'ServiceDeployment',
          name: 'payment-service/staging',
        },
      },
    });
    expect(failed.collectedAt).toBe('2026-12-01T16:31:12.409Z');
    const taskStarted = publisher.expectReading({
      type: 'service-event',
      resource: 'orders-service',
      value: {
        kind: 'instance-started',
        title:
          'task a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5 started in production (orders-service:7)',
      },
    });
    expect(taskStarted.collectedAt).toBe('2026-11-28T10:17:44.250Z');
  });

  it('emits each event once across runs: only what changed since the state of the last run', async () => {
    const state = createMemoryStateStore();
    await runCollectorForTest({
      collector: awsEcsCollector,
      config,
      now,
      state,
    });
    replay(laterRun);

    const { publisher } = await runCollectorForTest({
      collector: awsEcsCollector,
      config,
      now,
      state,
    });

    expect(events(publisher.messages as any)).toEqual([
      'payment-service production: rollout of payment-service:42 (1.77.5) completed',
      'task f0e1d2c3b4a5968778695a4b3c2d1e0f started in production (payment-service:42)',
      'task 7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b stopped in production: Scaling activity initiated by (deployment ecs-svc/5049781034283629141)',
    ]);
    const stopped = publisher.expectReading({
      type: 'service-event',
      resource: 'payment-service',
      value: { kind: 'instance-stopped' },
    });
    expect(stopped.collectedAt).toBe('2026-12-02T05:47:40.336Z');
    // the stopped task is named in the event, not declared again as a live resource
    expect(
      publisher.resources('ServiceInstance').map(r => r.name),
    ).not.toContain(
      'payment-service/production/7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b',
    );
  });

  it('emits nothing new when nothing changed', async () => {
    const state = createMemoryStateStore();
    await runCollectorForTest({
      collector: awsEcsCollector,
      config,
      now,
      state,
    });

    const { publisher } = await runCollectorForTest({
      collector: awsEcsCollector,
      config,
      now,
      state,
    });

    expect(events(publisher.messages as any)).toEqual([]);
    expect(publisher.readings({ type: 'instance-info' })).toHaveLength(3);
  });

  it('reads only the configured clusters and keeps the tasks of the others for a later run', async () => {
    const state = createMemoryStateStore();
    await runCollectorForTest({
      collector: awsEcsCollector,
      config,
      now,
      state,
    });

    const { publisher } = await runCollectorForTest({
      collector: awsEcsCollector,
      config: {
        ...config,
        clusters: [
          'arn:aws:ecs:eu-west-1:123456789012:cluster/staging-cluster',
        ],
      },
      now,
      state,
    });

    expect(ecsMock.commandCalls(ListClustersCommand)).toHaveLength(1);
    expect(events(publisher.messages as any)).toEqual([]);
    expect(
      Object.keys((state.current as { tasks: object }).tasks),
    ).toHaveLength(3);
  });
});
