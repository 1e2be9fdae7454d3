import type { Change, ReadingVersion } from '@cockpit/plugin-cockpit-common';

const deployment = {
  id: 'd-prod',
  type: 'ServiceDeployment',
  name: 'payment-service/production',
  parentId: 's-1',
};
const instance = {
  id: 'i-1',
  type: 'ServiceInstance',
  name: 'payment-service/production/i-0abc',
  parentId: 'd-prod',
};

/** The changes of payment-service's subtree: a deployment, a health flap, an owner change. */
export function serviceChanges(): Change[] {
  return [
    {
      kind: 'changed',
      resource: instance,
      readingType: 'health',
      at: '2026-11-22T09:30:00.000Z',
      before: { status: 'UP' },
      after: { status: 'DEGRADED' },
      collector: 'actuator-health',
    },
    {
      kind: 'changed',
      resource: deployment,
      readingType: 'deployment-info',
      at: '2026-11-22T09:00:00.000Z',
      before: { version: '1.76.98', image: 'registry/payment:1.76.98' },
      after: { version: '1.77.5', image: 'registry/payment:1.77.5' },
      collector: 'ecs',
    },
    {
      kind: 'created',
      resource: instance,
      readingType: 'instance-info',
      at: '2026-11-22T08:00:00.000Z',
      before: null,
      after: { ip: '10.0.1.17' },
      collector: 'ecs',
    },
  ];
}

const version = (
  validFrom: string,
  validTo: string | null,
  value: unknown,
  collector: string | null,
  source: string | null,
): ReadingVersion => ({
  id: `v-${validFrom}`,
  type: 'deployment-info',
  resourceId: 'd-prod',
  value,
  storageMode: 'SNAPSHOT',
  collectedAt: validFrom,
  createdOn: validFrom,
  validFrom,
  validTo,
  collector,
  source,
});

/** Three versions of the production deployment's deployment-info, newest first. */
export function deploymentInfoVersions(): ReadingVersion[] {
  return [
    version(
      '2026-11-22T09:00:00.000Z',
      null,
      { version: '1.77.5', image: 'registry/payment:1.77.5', replicas: 3 },
      'ecs',
      'sqs:4f1c',
    ),
    version(
      '2026-11-20T09:00:00.000Z',
      '2026-11-22T09:00:00.000Z',
      { version: '1.76.98', image: 'registry/payment:1.76.98', replicas: 3 },
      'ecs',
      'sns:9a7e',
    ),
    version(
      '2026-11-01T00:00:00.000Z',
      '2026-11-20T09:00:00.000Z',
      { version: '1.70.0', image: 'registry/payment:1.70.0', replicas: 2 },
      null,
      null,
    ),
  ];
}
