import { Octokit } from '@octokit/rest';
import { z } from 'zod';
import { CollectorContext, defineCollector } from '@cockpit/collector-sdk';
import {
  CatalogSourceSchema,
  servicesByAnnotation,
} from '@cockpit/collector-catalog';
import type {
  CodeInsightsValue,
  ResourceRef,
} from '@cockpit/plugin-cockpit-common';

/** Catalog annotation naming a Component's repository, `owner/name` (as Backstage's GitHub plugins read it). */
export const GITHUB_PROJECT_SLUG_ANNOTATION = 'github.com/project-slug';

const DAY = 86_400_000;
const FINAL_DEPLOYMENT_STATES = new Set(['success', 'failure', 'error']);

/** Configuration of the GitHub collector. */
export const GitHubCollectorConfigSchema = z
  .object({
    /** API base: `https://api.github.com`, or `https://<host>/api/v3` for GitHub Enterprise Server. */
    baseUrl: z.string().url().default('https://api.github.com'),
    /** A token that may read the repositories (fine-grained: contents, pull requests, deployments, metadata; administration to read branch protection). */
    token: z.string().min(1),
    /** Repositories given explicitly: `{ service, repository: 'owner/name' }`. */
    repositories: z
      .array(
        z.object({
          service: z.string().min(1),
          repository: z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'owner/name'),
        }),
      )
      .default([]),
    /** Also read the Components that carry `github.com/project-slug`. */
    catalog: CatalogSourceSchema.optional(),
    /** Contributors are the commit authors of the default branch over this many days. */
    contributorWindowDays: z.number().int().min(1).max(365).default(90),
    /** Deployments created this many days back become timeline events. */
    deploymentLookbackDays: z.number().int().min(1).max(365).default(14),
    /** How many open pull requests (oldest first) and contributors are listed in the reading. */
    listLimit: z.number().int().min(1).max(100).default(20),
    pageSize: z.number().int().min(1).max(100).default(100),
  })
  .refine(c => c.repositories.length > 0 || c.catalog, {
    message: 'set repositories or catalog',
  });

/** Configuration of the GitHub collector. */
export type GitHubCollectorConfig = z.output<
  typeof GitHubCollectorConfigSchema
>;

type Ctx = CollectorContext<GitHubCollectorConfig>;

function ageDays(from: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(from)) / DAY));
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

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

type PullRequest = Awaited<
  ReturnType<Octokit['rest']['pulls']['list']>
>['data'][number];
type Commit = Awaited<
  ReturnType<Octokit['rest']['repos']['listCommits']>
>['data'][number];
type Insights = CodeInsightsValue;

/** Open pull requests: how many, the oldest, the median age, the oldest few. */
function pullRequestInsights(
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
function contributorInsights(
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

function lastCommitInsight(last: Commit | undefined): Insights['lastCommit'] {
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
function languageShares(
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

/**
 * GitHub Deployments of a repository created in the window -> `service-event` points of kind
 * `deployment`, each once it reached a final state (success, failure, error), at the time of
 * that status; a deployment still pending is published by a later run.
 */
export async function emitDeployments(options: {
  ctx: Ctx;
  octokit: Octokit;
  repository: string;
  service: ResourceRef;
  since: Date;
}): Promise<number> {
  const { ctx, octokit, service } = options;
  const [owner, name] = options.repository.split('/');
  const repo = { owner, repo: name };
  // newest first: stop paging at the first deployment older than the window
  const deployments = await octokit.paginate(
    octokit.rest.repos.listDeployments,
    { ...repo, per_page: ctx.config.pageSize },
    (response, done) => {
      const recent = response.data.filter(
        d => Date.parse(d.created_at) >= options.since.getTime(),
      );
      if (recent.length < response.data.length) done();
      return recent;
    },
  );
  let emitted = 0;
  for (const deployment of deployments) {
    const statuses = await octokit.paginate(
      octokit.rest.repos.listDeploymentStatuses,
      {
        ...repo,
        deployment_id: deployment.id,
        per_page: ctx.config.pageSize,
      },
    );
    // statuses come newest first; a later `inactive` only means a newer deployment replaced it
    const final = statuses.find(s => FINAL_DEPLOYMENT_STATES.has(s.state));
    if (!final) continue;
    const sha = deployment.sha.slice(0, 7);
    const outcome =
      final.state === 'success' ? 'Deployed' : `Deployment ${final.state}:`;
    ctx.readings['service-event'](
      service,
      {
        kind: 'deployment',
        title: `${outcome} ${deployment.ref}${
          deployment.ref.startsWith(sha) ? '' : ` (${sha})`
        } to ${deployment.environment}`,
        ...(final.state === 'success' ? {} : { severity: 'HIGH' }),
        status: final.state,
        environment: deployment.environment,
        ref: deployment.ref,
        sha: deployment.sha,
        creator: deployment.creator?.login ?? null,
        ...(final.log_url || final.target_url
          ? { url: final.log_url || final.target_url }
          : {}),
        deployment: {
          source: 'github',
          id: String(deployment.id),
          key: `github:${options.repository}:${deployment.id}`,
          createdAt: deployment.created_at,
        },
      },
      { collectedAt: final.created_at },
    );
    emitted += 1;
  }
  return emitted;
}

/**
 * Code insights of each service's GitHub repository (`@octokit/rest`): open pull requests and
 * their age, contributors of the last 90 days, the last commit of the default branch, branch
 * protection and languages -> a `code-insights` reading on the Service; GitHub Deployments ->
 * `service-event` points. Repositories come from the configuration and from the catalog
 * annotation `github.com/project-slug`. A repository that fails is logged and the others are
 * still read; the run then fails naming every repository that could not be read.
 */
export const githubCollector = defineCollector({
  id: 'github',
  description:
    'Code insights (pull requests, contributors, last commit, branch protection, languages) and deployments from GitHub',
  schedule: 'rate(1 hour)',
  configSchema: GitHubCollectorConfigSchema,
  async collect(ctx) {
    const { config } = ctx;
    const repositories = new Map(
      config.repositories.map(r => [r.repository, r.service]),
    );
    if (config.catalog) {
      const annotated = await servicesByAnnotation({
        source: config.catalog,
        annotation: GITHUB_PROJECT_SLUG_ANNOTATION,
        signal: ctx.signal,
      });
      for (const [repository, service] of annotated)
        if (!repositories.has(repository))
          repositories.set(repository, service);
    }
    const octokit = new Octokit({
      auth: config.token,
      baseUrl: config.baseUrl.replace(/\/+$/, ''),
      userAgent: 'cockpit-collector-github',
      request: { signal: ctx.signal },
    });
    const now = ctx.now();
    const failures: string[] = [];
    let deployments = 0;
    for (const [repository, serviceName] of repositories) {
      ctx.signal.throwIfAborted();
      try {
        const insights = await readCodeInsights({
          octokit,
          repository,
          now,
          config,
        });
        const service = ctx.resources.service({ service: serviceName });
        ctx.readings['code-insights'](service, insights, { collectedAt: now });
        deployments += await emitDeployments({
          ctx,
          octokit,
          repository,
          service,
          since: new Date(now.getTime() - config.deploymentLookbackDays * DAY),
        });
      } catch (error) {
        const message = `${repository} (${serviceName}): ${
          (error as Error).message
        }`;
        ctx.logger.error(message);
        failures.push(message);
      }
    }
    ctx.logger.info(
      `read ${repositories.size - failures.length} of ${
        repositories.size
      } repositories, ${deployments} deployments`,
    );
    if (failures.length > 0) {
      throw new Error(
        `could not read ${failures.length} of ${
          repositories.size
        } repositories: ${failures.join('; ')}`,
      );
    }
  },
});
