import { Octokit } from '@octokit/rest';
import { CollectorContext, defineCollector } from '@cockpit/collector-sdk';
import { servicesByAnnotation } from '@cockpit/collector-catalog';
import { readCodeInsights } from './codeInsights';
import {
  GITHUB_PROJECT_SLUG_ANNOTATION,
  GitHubCollectorConfig,
  GitHubCollectorConfigSchema,
} from './config';
import { DAY } from './days';
import { emitDeployments } from './deployments';

type Ctx = CollectorContext<GitHubCollectorConfig>;

/** Service of each repository: the configured ones, then the catalog's annotated Components. */
async function repositoriesToRead(ctx: Ctx): Promise<Map<string, string>> {
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
      if (!repositories.has(repository)) repositories.set(repository, service);
  }
  return repositories;
}

function createOctokit(ctx: Ctx): Octokit {
  return new Octokit({
    auth: ctx.config.token,
    baseUrl: ctx.config.baseUrl.replace(/\/+$/, ''),
    userAgent: 'cockpit-collector-github',
    request: { signal: ctx.signal },
  });
}

/** One repository's `code-insights` reading and deployment events; returns the deployments published. */
async function publishRepository(options: {
  ctx: Ctx;
  octokit: Octokit;
  repository: string;
  serviceName: string;
  now: Date;
}): Promise<number> {
  const { ctx, octokit, repository, now } = options;
  const { config } = ctx;
  const insights = await readCodeInsights({
    octokit,
    repository,
    now,
    config,
  });
  const service = ctx.resources.service({ service: options.serviceName });
  ctx.readings['code-insights'](service, insights, { collectedAt: now });
  return emitDeployments({
    ctx,
    octokit,
    repository,
    service,
    since: new Date(now.getTime() - config.deploymentLookbackDays * DAY),
  });
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
    const repositories = await repositoriesToRead(ctx);
    const octokit = createOctokit(ctx);
    const now = ctx.now();
    const failures: string[] = [];
    let deployments = 0;
    for (const [repository, serviceName] of repositories) {
      ctx.signal.throwIfAborted();
      try {
        deployments += await publishRepository({
          ctx,
          octokit,
          repository,
          serviceName,
          now,
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
