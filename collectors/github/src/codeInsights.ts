import type { Octokit } from '@octokit/rest';
import type { CodeInsightsValue } from '@cockpit/plugin-cockpit-common';
import type { GitHubCollectorConfig } from './config';
import { DAY } from './days';
import {
  contributorInsights,
  languageShares,
  lastCommitInsight,
  pullRequestInsights,
} from './insightSummaries';

function statusOf(error: unknown): number | undefined {
  return (error as { status?: number })?.status;
}

/** Branch protection of a branch: 404 means none; 403 means the token may not read it. */
async function branchProtection(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  branch: string,
) {
  try {
    const { data } = await octokit.rest.repos.getBranchProtection({
      ...repo,
      branch,
    });
    const checks = [
      ...(data.required_status_checks?.checks?.map(c => c.context) ?? []),
      ...(data.required_status_checks?.contexts ?? []),
    ];
    return {
      protected: true,
      requiredApprovingReviews:
        data.required_pull_request_reviews?.required_approving_review_count ??
        0,
      requiredStatusChecks: [...new Set(checks)],
      enforceAdmins: data.enforce_admins?.enabled ?? false,
      known: true,
    };
  } catch (error) {
    if (statusOf(error) === 404) return { protected: false, known: true };
    if (statusOf(error) === 403) return { protected: false, known: false };
    throw error;
  }
}

/** The code insights of one repository (its requests after the first run side by side). */
export async function readCodeInsights(options: {
  octokit: Octokit;
  repository: string;
  now: Date;
  config: Pick<
    GitHubCollectorConfig,
    'contributorWindowDays' | 'listLimit' | 'pageSize'
  >;
}): Promise<CodeInsightsValue> {
  const { octokit, now, config } = options;
  const [owner, name] = options.repository.split('/');
  const repo = { owner, repo: name };
  const { data: repository } = await octokit.rest.repos.get(repo);
  const branch = repository.default_branch;
  const since = new Date(
    now.getTime() - config.contributorWindowDays * DAY,
  ).toISOString();

  const [pulls, commits, { data: languages }, protection] = await Promise.all([
    octokit.paginate(octokit.rest.pulls.list, {
      ...repo,
      state: 'open',
      sort: 'created',
      direction: 'asc',
      per_page: config.pageSize,
    }),
    octokit.paginate(octokit.rest.repos.listCommits, {
      ...repo,
      sha: branch,
      since,
      per_page: config.pageSize,
    }),
    octokit.rest.repos.listLanguages(repo),
    branchProtection(octokit, repo, branch),
  ]);
  // no commit in the window: the last commit is older, ask for it alone
  const last =
    commits[0] ??
    (
      await octokit.rest.repos.listCommits({
        ...repo,
        sha: branch,
        per_page: 1,
      })
    ).data[0];

  return {
    repository: repository.full_name,
    url: repository.html_url,
    defaultBranch: branch,
    ...(repository.archived ? { archived: true } : {}),
    pullRequests: pullRequestInsights(pulls, now, config.listLimit),
    contributors: contributorInsights(
      commits,
      config.contributorWindowDays,
      config.listLimit,
    ),
    lastCommit: lastCommitInsight(last),
    branchProtection: protection,
    languages: languageShares(languages),
  };
}
