/** Open pull requests, contributors, the last commit and languages of a repository, summarised from GitHub's answers. */

import type { Octokit } from '@octokit/rest';
import type { CodeInsightsValue } from '@cockpit/plugin-cockpit-common';
import { ageDays } from './days';

export type PullRequest = Awaited<
  ReturnType<Octokit['rest']['pulls']['list']>
>['data'][number];
export type Commit = Awaited<
  ReturnType<Octokit['rest']['repos']['listCommits']>
>['data'][number];
type Insights = CodeInsightsValue;

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Open pull requests: how many, the oldest, the median age, the oldest few. */
export function pullRequestInsights(
  pulls: PullRequest[],
  now: Date,
  listLimit: number,
): Insights['pullRequests'] {
  const oldestFirst = [...pulls].sort((a, b) =>
    a.created_at.localeCompare(b.created_at),
  );
  return {
    open: pulls.length,
    oldestOpenedAt: oldestFirst[0]?.created_at ?? null,
    medianAgeDays: median(pulls.map(pull => ageDays(pull.created_at, now))),
    items: oldestFirst.slice(0, listLimit).map(pull => ({
      number: pull.number,
      title: pull.title,
      author: pull.user?.login ?? null,
      openedAt: pull.created_at,
      ageDays: ageDays(pull.created_at, now),
      draft: pull.draft ?? false,
      url: pull.html_url,
    })),
  };
}

/** Authors of the window's commits on the default branch, most commits first. */
export function contributorInsights(
  commits: Commit[],
  windowDays: number,
  listLimit: number,
): Insights['contributors'] {
  const authors = new Map<string, number>();
  for (const commit of commits) {
    const login =
      commit.author?.login ?? commit.commit.author?.name ?? 'unknown';
    authors.set(login, (authors.get(login) ?? 0) + 1);
  }
  return {
    windowDays,
    count: authors.size,
    commits: commits.length,
    items: [...authors]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, listLimit)
      .map(([login, count]) => ({ login, commits: count })),
  };
}

export function lastCommitInsight(
  last: Commit | undefined,
): Insights['lastCommit'] {
  if (!last) return null;
  return {
    sha: last.sha,
    message: last.commit.message.split('\n')[0],
    author: last.author?.login ?? last.commit.author?.name ?? null,
    committedAt: new Date(
      last.commit.committer?.date ?? last.commit.author?.date ?? 0,
    ).toISOString(),
    url: last.html_url,
  };
}

/** Languages by bytes, largest first, with their share of the repository. */
export function languageShares(
  languages: Record<string, number>,
): Insights['languages'] {
  const total = Object.values(languages).reduce((sum, bytes) => sum + bytes, 0);
  return Object.entries(languages)
    .sort((a, b) => b[1] - a[1])
    .map(([language, bytes]) => ({
      name: language,
      bytes,
      share: total ? Math.round((bytes / total) * 1000) / 1000 : 0,
    }));
}
