import { resolve } from 'node:path';
import {
  loadRecordings,
  ReplayServer,
  runCollectorForTest,
  startReplayServer,
} from '@cockpit/collector-sdk';
import { githubCollector } from './github';

const fixtures = resolve(__dirname, '__fixtures__');
const now = () => new Date('2026-11-22T10:00:00Z');

describe('githubCollector', () => {
  let server: ReplayServer;

  beforeAll(async () => {
    server = await startReplayServer({
      exchanges: await loadRecordings(resolve(fixtures, 'github')),
    });
  });
  afterAll(() => server.close());

  const config = (extra: Record<string, unknown> = {}) => ({
    baseUrl: server.origin,
    token: 'ghp_fixture',
    catalog: { file: resolve(fixtures, 'entities.json') },
    pageSize: 2,
    ...extra,
  });

  it('publishes the code insights of each repository named by the catalog annotation on its service', async () => {
    const { publisher } = await runCollectorForTest({
      collector: githubCollector,
      config: config(),
      now,
    });

    const insights = publisher.expectReading({
      type: 'code-insights',
      resource: 'payment-service',
      value: {
        repository: 'acme/payment-service',
        url: 'https://github.com/acme/payment-service',
        defaultBranch: 'main',
        lastCommit: {
          sha: '7d2c9a1be4f35a6c8d7e9f0a1b2c3d4e5f6a7b8c',
          message: 'Refunds: idempotency key on retries',
          author: 'mia-k',
          committedAt: '2026-11-21T17:02:40.000Z',
        },
        branchProtection: {
          protected: true,
          requiredApprovingReviews: 2,
          requiredStatusChecks: ['build', 'test'],
          enforceAdmins: false,
          known: true,
        },
      },
    });
    expect(insights.collectedAt).toBe('2026-11-22T10:00:00.000Z');
    publisher.expectReading({
      type: 'code-insights',
      resource: 'billing',
      value: { repository: 'acme/legacy-billing' },
    });
  });

  it('counts open pull requests over every page with their age, oldest first', async () => {
    const { publisher } = await runCollectorForTest({
      collector: githubCollector,
      config: config(),
      now,
    });

    const value = publisher.reading('code-insights', 'payment-service')!
      .value as any;
    expect(value.pullRequests).toMatchObject({
      open: 3,
      oldestOpenedAt: '2026-10-02T08:15:00Z',
      medianAgeDays: 21,
    });
    expect(
      value.pullRequests.items.map((p: any) => [p.number, p.ageDays, p.draft]),
    ).toEqual([
      [412, 51, false],
      [431, 21, false],
      [440, 3, true],
    ]);
  });

  it('counts contributors of the window by commits, an author without a GitHub login by name', async () => {
    const { publisher } = await runCollectorForTest({
      collector: githubCollector,
      config: config(),
      now,
    });

    expect(
      (publisher.reading('code-insights', 'payment-service')!.value as any)
        .contributors,
    ).toEqual({
      windowDays: 90,
      count: 3,
      commits: 4,
      items: [
        { login: 'mia-k', commits: 2 },
        { login: 'renovate[bot]', commits: 1 },
        { login: 'Sam Reyes', commits: 1 },
      ],
    });
  });

  it('shares languages by bytes, largest first', async () => {
    const { publisher } = await runCollectorForTest({
      collector: githubCollector,
      config: config(),
      now,
    });

    expect(
      (
        publisher.reading('code-insights', 'payment-service')!.value as any
      ).languages.slice(0, 2),
    ).toEqual([
      { name: 'Java', bytes: 812340, share: 0.866 },
      { name: 'Kotlin', bytes: 120220, share: 0.128 },
    ]);
  });

  it('reports an unprotected branch, and the last commit when none falls in the window', async () => {
    const { publisher } = await runCollectorForTest({
      collector: githubCollector,
      config: config(),
      now,
    });

    expect(publisher.reading('code-insights', 'billing')!.value).toMatchObject({
      defaultBranch: 'master',
      pullRequests: {
        open: 0,
        oldestOpenedAt: null,
        medianAgeDays: null,
        items: [],
      },
      contributors: { count: 0, commits: 0 },
      lastCommit: {
        message: 'Year-end tax table 2025',
        committedAt: '2026-01-07T09:00:00.000Z',
      },
      branchProtection: { protected: false, known: true },
    });
  });

  it('turns finished deployments of the window into events at their final status, skipping those still rolling out', async () => {
    server.requests.length = 0;
    const { publisher } = await runCollectorForTest({
      collector: githubCollector,
      config: config(),
      now,
    });

    const events = publisher.readings({
      type: 'service-event',
      resource: 'payment-service',
    });
    expect(events.map(e => [e.collectedAt, (e.value as any).title])).toEqual([
      ['2026-11-21T17:14:30Z', 'Deployed v1.77.5 (7d2c9a1) to staging'],
      [
        '2026-11-19T09:06:00Z',
        'Deployment failure: v1.77.4 (6c1b8f0) to production',
      ],
    ]);
    expect(events[1].value).toMatchObject({
      kind: 'deployment',
      severity: 'HIGH',
      status: 'failure',
      environment: 'production',
      url: 'https://ci.acme.example/deploy/1730002',
      deployment: {
        key: 'github:acme/payment-service:1730002',
        createdAt: '2026-11-19T09:00:00Z',
      },
    });
    // the deployment older than the window is never asked for its statuses
    expect(server.requests.some(r => r.includes('/deployments/1720990/'))).toBe(
      false,
    );
  });

  it('still publishes the readable repositories when one fails, then fails the run naming it', async () => {
    const publisher = (
      await runCollectorForTest({
        collector: githubCollector,
        config: config(),
        now,
      })
    ).publisher;
    publisher.clear();

    await expect(
      runCollectorForTest({
        collector: githubCollector,
        config: config({
          repositories: [{ service: 'ghost', repository: 'acme/gone' }],
        }),
        now,
        publisher,
      }),
    ).rejects.toThrow(
      /could not read 1 of 3 repositories: acme\/gone \(ghost\): Not Found/,
    );
    expect(
      publisher
        .readings({ type: 'code-insights' })
        .map(r => r.resource.name)
        .sort(),
    ).toEqual(['billing', 'payment-service']);
  });
});
