import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  GetServiceGraphCommand,
  GetServiceGraphCommandOutput,
  XRayClient,
} from '@aws-sdk/client-xray';
import { mockClient } from 'aws-sdk-client-mock';
import { runCollectorForTest } from '@cockpit/collector-sdk';
import { xrayCollector } from './xray';

/** The recorded GetServiceGraph pages (the same recordings the dry-run replays over HTTP). */
const [firstPage, lastPage] = (
  JSON.parse(
    readFileSync(
      resolve(__dirname, '__fixtures__/xray/service-graph.json'),
      'utf8',
    ),
  ) as Array<{
    response: { body: GetServiceGraphCommandOutput };
  }>
).map(exchange => exchange.response.body);

describe('xrayCollector', () => {
  const xray = mockClient(XRayClient);
  const now = () => new Date('2026-11-22T10:00:00Z');
  const config = {
    environment: 'production',
    region: 'eu-west-1',
    services: { 'fraud-check-prod': 'fraud-check' },
  };

  beforeEach(() => {
    xray.reset();
    xray.on(GetServiceGraphCommand).resolves(firstPage);
    xray
      .on(GetServiceGraphCommand, { NextToken: firstPage.NextToken })
      .resolves(lastPage);
  });

  it('reads every page of the service graph of the last six hours', async () => {
    await runCollectorForTest({ collector: xrayCollector, config, now });

    const calls = xray
      .commandCalls(GetServiceGraphCommand)
      .map(call => call.args[0].input);
    expect(calls).toHaveLength(2);
    for (const input of calls) {
      expect(input).toMatchObject({
        StartTime: new Date('2026-11-22T04:00:00Z'),
        EndTime: new Date('2026-11-22T10:00:00Z'),
      });
    }
    // the paginator passes the token of the first answer (it reuses one input object, so only the last is seen)
    expect(calls[1].NextToken).toBe(firstPage.NextToken);
  });

  it('publishes the services each deployment calls, with call counts, named by the mapping', async () => {
    const { publisher } = await runCollectorForTest({
      collector: xrayCollector,
      config,
      now,
    });

    publisher.expectResource({
      type: 'ServiceDeployment',
      name: 'payment-service/production',
      parent: { type: 'Service', name: 'payment-service' },
    });
    expect(
      publisher.reading('egress-dependencies', 'payment-service/production')
        ?.value,
    ).toEqual({
      upstreams: ['fraud-check'],
      calls: { 'fraud-check': 8870 },
      source: 'xray',
      window: {
        from: '2026-11-22T04:00:00.000Z',
        to: '2026-11-22T10:00:00.000Z',
      },
    });
    expect(
      publisher.reading('egress-dependencies', 'web-frontend/production')
        ?.value,
    ).toMatchObject({
      upstreams: ['checkout-service', 'payment-service'],
    });
  });

  it('counts an instrumented service without an AWS type, and leaves out clients, remote hosts and AWS stores', async () => {
    const { publisher } = await runCollectorForTest({
      collector: xrayCollector,
      config,
      now,
    });

    expect(
      publisher.reading('egress-dependencies', 'checkout-service/production')
        ?.value,
    ).toMatchObject({
      upstreams: ['payment-service'],
    });
    // fraud-check only calls a DynamoDB table: no upstream service, no reading
    expect(
      publisher
        .resources('ServiceDeployment')
        .map(r => r.name)
        .sort(),
    ).toEqual([
      'checkout-service/production',
      'payment-service/production',
      'web-frontend/production',
    ]);
  });

  it('lists remote hosts, databases and AWS resources too when asked', async () => {
    const { publisher } = await runCollectorForTest({
      collector: xrayCollector,
      config: {
        ...config,
        includeExternal: true,
        services: {
          ...config.services,
          'inventory.internal': 'inventory-service',
        },
      },
      now,
    });

    expect(
      publisher.reading('egress-dependencies', 'payment-service/production')
        ?.value,
    ).toMatchObject({
      upstreams: [
        'api.stripe.com',
        'fraud-check',
        'payment-ledger',
        'payments@payments-db.cluster-c1a2b3.eu-west-1.rds.amazonaws.com',
      ],
    });
    expect(
      publisher.reading('egress-dependencies', 'checkout-service/production')
        ?.value,
    ).toMatchObject({
      upstreams: ['inventory-service', 'payment-service'],
    });
  });

  it('fails the run with the AWS error when the role may not read the graph', async () => {
    xray
      .on(GetServiceGraphCommand)
      .rejects(
        Object.assign(
          new Error('User is not authorized to perform: xray:GetServiceGraph'),
          { name: 'AccessDeniedException' },
        ),
      );

    await expect(
      runCollectorForTest({ collector: xrayCollector, config, now }),
    ).rejects.toThrow('not authorized to perform: xray:GetServiceGraph');
  });
});
