import {
  LambdaClient,
  ListFunctionsCommand,
  ListTagsCommand,
} from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { runCollectorForTest } from '@cockpit/collector-sdk';
import { awsLambdaCollector } from './awsLambda';
import pages from './__fixtures__/list-functions.json';
import tags from './__fixtures__/tags.json';

const lambdaMock = mockClient(LambdaClient);
const markers: (string | undefined)[] = [];

describe('awsLambdaCollector', () => {
  beforeEach(() => {
    lambdaMock.reset();
    markers.length = 0;
    // the paginator reuses its input object, so the marker is recorded at call time
    lambdaMock.on(ListFunctionsCommand).callsFake(input => {
      markers.push(input.Marker);
      return (input.Marker === 'page-2' ? pages[1] : pages[0]) as any;
    });
    lambdaMock.on(ListTagsCommand).callsFake(input => ({
      Tags: (tags as Record<string, Record<string, string>>)[input.Resource],
    }));
  });

  it('walks every page of ListFunctions and reads each function tags', async () => {
    await runCollectorForTest({
      collector: awsLambdaCollector,
      config: { region: 'eu-central-1' },
    });

    expect(markers).toEqual([undefined, 'page-2']);
    expect(lambdaMock.commandCalls(ListTagsCommand)).toHaveLength(4);
  });

  it('publishes one Lambda per logical function with a deployment per environment', async () => {
    const { publisher } = await runCollectorForTest({
      collector: awsLambdaCollector,
      config: { region: 'eu-central-1' },
    });

    expect(
      publisher
        .resources('Lambda')
        .map(r => r.name)
        .sort(),
    ).toEqual(['image-resizer', 'payment-webhook', 'payment-webhook']);
    publisher.expectResource({
      type: 'LambdaDeployment',
      name: 'payment-webhook/production',
      parent: { type: 'Lambda', name: 'payment-webhook' },
    });
    publisher.expectResource({
      type: 'LambdaDeployment',
      name: 'payment-webhook/staging',
      parent: { type: 'Lambda', name: 'payment-webhook' },
    });
    publisher.expectResource({
      type: 'LambdaDeployment',
      name: 'image-resizer/production',
    });
  });

  it('describes each deployment with version, account, region and deploy time', async () => {
    const { publisher } = await runCollectorForTest({
      collector: awsLambdaCollector,
      config: { region: 'eu-central-1' },
    });

    publisher.expectReading({
      type: 'deployment-info',
      resource: 'payment-webhook/production',
      value: {
        version: '2.3.0',
        deployedAt: '2026-11-18T14:03:27.512Z',
        awsAccountId: '123456789012',
        region: 'eu-central-1',
        runtime: 'nodejs20.x',
        service: 'payment-service',
        architectures: ['arm64'],
      },
    });
    publisher.expectReading({
      type: 'deployment-info',
      resource: 'payment-webhook/staging',
      value: { version: 'Q2hlY2tvdXQt', awsAccountId: '210987654321' },
    });
    publisher.expectReading({
      type: 'deployment-info',
      resource: 'image-resizer/production',
      value: { packageType: 'Image', functionName: 'catalog-image-resizer' },
    });
  });

  it('skips a function without an environment, unless a default environment is configured', async () => {
    const skipped = await runCollectorForTest({
      collector: awsLambdaCollector,
      config: {},
    });
    const defaulted = await runCollectorForTest({
      collector: awsLambdaCollector,
      config: { environment: 'production' },
    });

    expect(
      skipped.publisher.resources('LambdaDeployment').map(r => r.name),
    ).not.toContain('legacy-cron/production');
    defaulted.publisher.expectResource({
      type: 'LambdaDeployment',
      name: 'legacy-cron/production',
    });
  });
});
