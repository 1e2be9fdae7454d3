import {
  resourceId,
  type Change,
  type ReadingVersion,
} from '@cockpit/plugin-cockpit-common';
import { parseMoment } from './apiInput';
import { formatChanges, formatHistory } from './history';
import {
  cockpit,
  withReplayServer,
} from './__testUtils__/cockpitAgainstReplay';

jest.setTimeout(120_000);

const deploymentId = resourceId('ServiceDeployment', 'pay/production');
const versions: ReadingVersion[] = [
  {
    id: '7',
    type: 'deployment-info',
    resourceId: deploymentId,
    value: { version: '1.77.5' },
    storageMode: 'SNAPSHOT',
    collectedAt: '2026-12-01T10:00:00.000Z',
    createdOn: '2026-12-01T10:00:02.000Z',
    validFrom: '2026-12-01T10:00:00.000Z',
    validTo: null,
    collector: 'aws-ecs',
    source: 'sqs:m-2',
  },
  {
    id: '7',
    type: 'deployment-info',
    resourceId: deploymentId,
    value: { version: '1.76.98' },
    storageMode: 'SNAPSHOT',
    collectedAt: '2026-11-20T08:00:00.000Z',
    createdOn: '2026-11-20T08:00:01.000Z',
    validFrom: '2026-11-20T08:00:00.000Z',
    validTo: '2026-12-01T10:00:00.000Z',
    collector: 'aws-ecs',
    source: 'sqs:m-1',
  },
];
const changes: Change[] = [
  {
    kind: 'changed',
    resource: {
      id: deploymentId,
      type: 'ServiceDeployment',
      name: 'pay/production',
      parentId: resourceId('Service', 'pay'),
    },
    readingType: 'deployment-info',
    at: '2026-12-01T10:00:00.000Z',
    before: { version: '1.76.98' },
    after: { version: '1.77.5' },
    collector: 'aws-ecs',
  },
  {
    kind: 'deleted',
    resource: {
      id: resourceId('ServiceInstance', 'pay/production/i-9'),
      type: 'ServiceInstance',
      name: 'pay/production/i-9',
      parentId: deploymentId,
    },
    readingType: null,
    at: '2026-12-01T09:00:00.000Z',
    before: null,
    after: null,
    collector: null,
  },
];

describe('parseMoment', () => {
  const now = Date.parse('2026-12-02T12:00:00.000Z');
  it('reads ISO times and durations back from now, and names the option it refuses', () => {
    expect(parseMoment('2026-12-01T10:00:00+01:00', '--since', now)).toBe(
      '2026-12-01T09:00:00.000Z',
    );
    expect(parseMoment('24h', '--since', now)).toBe('2026-12-01T12:00:00.000Z');
    expect(parseMoment('7d', '--since', now)).toBe('2026-11-25T12:00:00.000Z');
    expect(() => parseMoment('yesterday', '--since', now)).toThrow(
      '--since "yesterday" is not a date-time',
    );
  });
});

describe('yarn cockpit history and changes', () => {
  it('prints the versions of a reading from GET .../history', async () => {
    await withReplayServer(
      [
        {
          request: {
            method: 'GET',
            path: `/api/cockpit/resources/${deploymentId}/readings/deployment-info/history`,
            query: { from: '2026-11-01T00:00:00.000Z' },
          },
          response: { status: 200, body: { items: versions } },
        },
      ],
      async apiUrl => {
        const run = await cockpit([
          'history',
          'ServiceDeployment',
          'pay/production',
          'deployment-info',
          '--from',
          '2026-11-01T00:00:00Z',
          '--url',
          apiUrl,
        ]);
        expect(run.stderr).toBe('');
        expect(run.stdout).toBe(formatHistory(versions));
        expect(run.stdout).toContain('(in force)');
        expect(run.code).toBe(0);
      },
    );
  });

  it('prints the changes of a service from GET /changes, and as-of readings and calculations', async () => {
    await withReplayServer(
      [
        {
          request: {
            method: 'GET',
            path: '/api/cockpit/changes',
            query: { service: 'pay', since: '2026-12-01T00:00:00.000Z' },
          },
          response: { status: 200, body: { items: changes } },
        },
        {
          request: {
            method: 'GET',
            path: '/api/cockpit/calculations/service-overview',
            query: { service: 'pay', asOf: '2026-12-01T09:30:00.000Z' },
          },
          response: { status: 200, body: { asOf: 'yes' } },
        },
        {
          request: {
            method: 'GET',
            path: `/api/cockpit/resources/${deploymentId}/readings`,
            query: { asOf: '2026-12-01T09:30:00.000Z' },
          },
          response: { status: 200, body: { items: [versions[1]] } },
        },
      ],
      async apiUrl => {
        const url = ['--url', apiUrl];
        const feed = await cockpit([
          'changes',
          '--service',
          'pay',
          '--since',
          '2026-12-01T00:00:00Z',
          ...url,
        ]);
        expect(feed.stderr).toBe('');
        expect(feed.stdout).toBe(formatChanges(changes));
        expect(feed.stdout).toContain('{"version":"1.76.98"}');
        const calc = await cockpit([
          'calc',
          'service-overview',
          '-p',
          'service=pay',
          '--as-of',
          '2026-12-01T09:30:00Z',
          '--json',
          ...url,
        ]);
        expect(calc.stdout).toBe('{"asOf":"yes"}\n');
        const readings = await cockpit([
          'readings',
          'ServiceDeployment',
          'pay/production',
          '--as-of',
          '2026-12-01T09:30:00Z',
          ...url,
        ]);
        expect(readings.stdout).toContain('aws-ecs');
        expect(readings.code).toBe(0);
      },
    );
  });

  it('refuses a bad --since before calling the API', async () => {
    const run = await cockpit([
      'changes',
      '--since',
      'soon',
      '--url',
      'http://127.0.0.1:9/api/cockpit',
    ]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('--since "soon" is not a date-time');
  });
});
