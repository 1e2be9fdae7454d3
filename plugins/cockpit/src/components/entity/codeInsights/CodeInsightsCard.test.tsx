import { screen, within } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { NotFoundError } from '@backstage/errors';
import {
  CockpitClient,
  CodeInsightsValue,
  resourceId,
} from '@cockpit/plugin-cockpit-common';
import { cockpitApiRef } from '../../../api';
import { CodeInsightsCard } from './CodeInsightsCard';

jest.setTimeout(30_000);

const insights: CodeInsightsValue = {
  repository: 'acme/payment-service',
  url: 'https://github.com/acme/payment-service',
  defaultBranch: 'main',
  pullRequests: {
    open: 3,
    oldestOpenedAt: '2026-10-02T08:15:00Z',
    medianAgeDays: 21,
    items: [
      {
        number: 412,
        title: 'Retry card authorisations once on timeout',
        author: 'mia-k',
        openedAt: '2026-10-02T08:15:00Z',
        ageDays: 51,
        draft: false,
        url: 'https://github.com/acme/payment-service/pull/412',
      },
      {
        number: 440,
        title: 'Split refunds into their own module',
        author: 'ole-j',
        openedAt: '2026-11-18T15:40:00Z',
        ageDays: 3,
        draft: true,
        url: 'https://github.com/acme/payment-service/pull/440',
      },
    ],
  },
  contributors: {
    windowDays: 90,
    count: 3,
    commits: 4,
    items: [
      { login: 'mia-k', commits: 2 },
      { login: 'renovate[bot]', commits: 1 },
      { login: 'Sam Reyes', commits: 1 },
    ],
  },
  lastCommit: {
    sha: '7d2c9a1',
    message: 'Refunds: idempotency key on retries',
    author: 'mia-k',
    committedAt: '2026-11-21T17:02:40.000Z',
    url: 'https://github.com/acme/payment-service/commit/7d2c9a1',
  },
  branchProtection: {
    protected: true,
    requiredApprovingReviews: 2,
    requiredStatusChecks: ['build', 'test'],
    enforceAdmins: false,
    known: true,
  },
  languages: [
    { name: 'Java', bytes: 812340, share: 0.866 },
    { name: 'Kotlin', bytes: 120220, share: 0.128 },
  ],
};

async function render(listReadings: CockpitClient['listReadings']) {
  return renderInTestApp(
    <TestApiProvider apis={[[cockpitApiRef, { listReadings }]]}>
      <CodeInsightsCard service="payment-service" />
    </TestApiProvider>,
  );
}

const page = (value: unknown) => ({
  items: [
    {
      id: '1',
      type: 'code-insights',
      resourceId: resourceId('Service', 'payment-service'),
      value,
      storageMode: 'SNAPSHOT' as const,
      collectedAt: '2026-11-22T10:00:00.000Z',
      createdOn: '2026-11-22T10:00:01.000Z',
    },
  ],
});

describe('CodeInsightsCard', () => {
  it("reads the newest code-insights reading of the service's resource", async () => {
    const listReadings = jest.fn().mockResolvedValue(page(insights));
    await render(listReadings);

    await screen.findByTestId('cockpit-code-repository');
    expect(listReadings).toHaveBeenCalledWith(
      resourceId('Service', 'payment-service'),
      { type: 'code-insights', limit: 1 },
    );
    expect(
      screen.getByRole('link', { name: /^acme\/payment-service/ }),
    ).toHaveAttribute('href', 'https://github.com/acme/payment-service');
  });

  it('shows open pull requests with their age, oldest first, and marks drafts', async () => {
    await render(jest.fn().mockResolvedValue(page(insights)));

    const pulls = await screen.findByTestId('cockpit-code-pulls');
    expect(pulls).toHaveTextContent('Open pull requests (3)');
    expect(pulls).toHaveTextContent('median age 21 d');
    const items = within(pulls).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent(
      '#412 Retry card authorisations once on timeout',
    );
    expect(items[0]).toHaveTextContent('51 d old · mia-k');
    expect(items[1]).toHaveTextContent('3 d old · ole-j · draft');
  });

  it('shows contributors, the last commit, branch protection and languages', async () => {
    await render(jest.fn().mockResolvedValue(page(insights)));

    expect(
      await screen.findByTestId('cockpit-code-contributors'),
    ).toHaveTextContent('mia-k (2), renovate[bot] (1), Sam Reyes (1)');
    expect(screen.getByTestId('cockpit-code-last-commit')).toHaveTextContent(
      'Refunds: idempotency key on retries',
    );
    expect(screen.getByTestId('cockpit-code-protection')).toHaveTextContent(
      'protected: 2 approving review(s), checks build, test',
    );
    expect(screen.getByTestId('cockpit-code-languages')).toHaveTextContent(
      'Java 87%',
    );
  });

  it('says when the branch is not protected', async () => {
    await render(
      jest.fn().mockResolvedValue(
        page({
          ...insights,
          branchProtection: { protected: false, known: true },
        }),
      ),
    );

    expect(
      await screen.findByTestId('cockpit-code-protection'),
    ).toHaveTextContent('not protected');
  });

  it('explains where code insights come from when the service has none', async () => {
    await render(jest.fn().mockRejectedValue(new NotFoundError('No resource')));

    expect(await screen.findByText(/No code insights yet/)).toBeInTheDocument();
  });
});
