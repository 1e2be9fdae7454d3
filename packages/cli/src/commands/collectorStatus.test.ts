import type { CollectorStatusList } from '@cockpit/plugin-cockpit-common';
import { formatCollectorStatus } from './collectorStatus';
import {
  cockpit,
  withReplayServer,
} from './__testUtils__/cockpitAgainstReplay';

jest.setTimeout(120_000);

const list: CollectorStatusList = {
  at: '2026-12-02T08:00:00.000Z',
  items: [
    {
      id: 'catalog',
      resourceId: '6b0b2c2e-9d0e-5c43-9a52-4a8b1a2f3c4d',
      lastRun: {
        runId: 'r-1',
        startedAt: '2026-12-02T07:50:00.000Z',
        finishedAt: '2026-12-02T07:50:04.000Z',
        status: 'OK',
        messages: 1204,
        batches: 3,
        schedule: 'rate(15 minutes)',
      },
      schedule: 'rate(15 minutes)',
      dueBy: '2026-12-02T08:10:04.000Z',
      overdue: false,
      last24h: { runs: 96, failures: 2, messages: 115_000, rejections: 0 },
    },
    {
      id: 'health',
      resourceId: '0f0e3a1b-2c4d-5e6f-8a9b-0c1d2e3f4a5b',
      lastRun: {
        runId: 'r-2',
        startedAt: '2026-12-02T05:00:00.000Z',
        finishedAt: '2026-12-02T05:00:10.000Z',
        status: 'FAILED',
        messages: 0,
        batches: 0,
        error: 'PublishError: topic gone',
        schedule: 'rate(5 minutes)',
      },
      schedule: 'rate(5 minutes)',
      dueBy: '2026-12-02T05:10:10.000Z',
      overdue: true,
      last24h: { runs: 30, failures: 1, messages: 900, rejections: 4 },
    },
    {
      id: 'python-inventory',
      resourceId: null,
      lastRun: null,
      schedule: null,
      dueBy: null,
      overdue: false,
      last24h: { runs: 0, failures: 0, messages: 0, rejections: 7 },
    },
  ],
};

describe('formatCollectorStatus', () => {
  it('shows each collector with its last run, the last 24 hours and whether it is overdue', () => {
    expect(formatCollectorStatus(list).split('\n')).toEqual([
      'COLLECTOR         LAST RUN    STATUS  MESSAGES  RUNS 24H  FAILED 24H  REJECTED 24H  SCHEDULE          NEXT DUE',
      'catalog           10 min ago  OK      1204      96        2           0             rate(15 minutes)  in 10 min',
      'health            3 h ago     FAILED  0         30        1           4             rate(5 minutes)   OVERDUE (3 h ago)',
      'python-inventory  never       -       -         0         0           7             -                 -',
      '',
    ]);
  });
});

describe('yarn cockpit collectors --status', () => {
  it('prints the table from GET /collectors of the API given by --url, with the token', async () => {
    await withReplayServer(
      [
        {
          request: {
            method: 'GET',
            path: '/api/cockpit/collectors',
            headers: { authorization: 'Bearer s3cret' },
          },
          response: { status: 200, body: list },
        },
      ],
      async apiUrl => {
        const run = await cockpit([
          'collectors',
          '--status',
          '--url',
          apiUrl,
          '--token',
          's3cret',
        ]);

        expect(run.stderr).toBe('');
        expect(run.stdout).toBe(formatCollectorStatus(list));
        expect(run.code).toBe(0);
      },
    );
  });

  it('fails with the server error message', async () => {
    await withReplayServer(
      [
        {
          request: { method: 'GET', path: '/api/cockpit/collectors' },
          response: {
            status: 401,
            body: {
              error: {
                name: 'AuthenticationError',
                message: 'Missing credentials',
              },
              response: { statusCode: 401 },
            },
          },
        },
      ],
      async apiUrl => {
        const run = await cockpit(['collectors', '--status', '--url', apiUrl]);

        expect(run.stderr).toContain(
          '401 AuthenticationError: Missing credentials',
        );
        expect(run.code).toBe(1);
      },
    );
  });
});
