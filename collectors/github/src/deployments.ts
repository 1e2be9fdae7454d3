import type { Octokit } from '@octokit/rest';
import type { CollectorContext } from '@cockpit/collector-sdk';
import type { ResourceRef } from '@cockpit/plugin-cockpit-common';
import type { GitHubCollectorConfig } from './config';

const FINAL_DEPLOYMENT_STATES = new Set(['success', 'failure', 'error']);

type Ctx = CollectorContext<GitHubCollectorConfig>;
type Repo = { owner: string; repo: string };
type Deployment = Awaited<
  ReturnType<Octokit['rest']['repos']['listDeployments']>
>['data'][number];
type DeploymentStatus = Awaited<
  ReturnType<Octokit['rest']['repos']['listDeploymentStatuses']>
>['data'][number];

/** The repository's deployments created since `since`, newest first. */
async function recentDeployments(
  octokit: Octokit,
  repo: Repo,
  since: Date,
  pageSize: number,
): Promise<Deployment[]> {
  // newest first: stop paging at the first deployment older than the window
  return octokit.paginate(
    octokit.rest.repos.listDeployments,
    { ...repo, per_page: pageSize },
    (response, done) => {
      const recent = response.data.filter(
        d => Date.parse(d.created_at) >= since.getTime(),
      );
      if (recent.length < response.data.length) done();
      return recent;
    },
  );
}

/** The status that ended a deployment (success, failure, error), or undefined while it runs. */
async function finalStatus(
  octokit: Octokit,
  repo: Repo,
  deployment: Deployment,
  pageSize: number,
): Promise<DeploymentStatus | undefined> {
  const statuses = await octokit.paginate(
    octokit.rest.repos.listDeploymentStatuses,
    {
      ...repo,
      deployment_id: deployment.id,
      per_page: pageSize,
    },
  );
  // statuses come newest first; a later `inactive` only means a newer deployment replaced it
  return statuses.find(s => FINAL_DEPLOYMENT_STATES.has(s.state));
}

/** The `service-event` value of a finished deployment. */
function deploymentEvent(
  repository: string,
  deployment: Deployment,
  final: DeploymentStatus,
) {
  const sha = deployment.sha.slice(0, 7);
  const outcome =
    final.state === 'success' ? 'Deployed' : `Deployment ${final.state}:`;
  return {
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
      key: `github:${repository}:${deployment.id}`,
      createdAt: deployment.created_at,
    },
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
  const { pageSize } = ctx.config;
  const deployments = await recentDeployments(
    octokit,
    repo,
    options.since,
    pageSize,
  );
  let emitted = 0;
  for (const deployment of deployments) {
    const final = await finalStatus(octokit, repo, deployment, pageSize);
    if (!final) continue;
    ctx.readings['service-event'](
      service,
      deploymentEvent(options.repository, deployment, final),
      { collectedAt: final.created_at },
    );
    emitted += 1;
  }
  return emitted;
}
