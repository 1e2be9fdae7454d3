import {
  CodeInsightsValue,
  PublishMessageInput,
  ResourceRef,
} from '@cockpit/plugin-cockpit-common';
import type { Fleet, ServicePlan } from './plan';
import { hashSeed, SeededRandom } from './random';

const DAY = 86_400_000;

const PULL_REQUEST_TITLES = [
  'Bump spring-boot to the latest patch release',
  'Add retries to the upstream client',
  'Move configuration to SSM parameters',
  'Fix flaky integration test',
  'Expose a readiness probe',
  'Upgrade the base image',
  'Reduce log noise at INFO',
];

const LANGUAGES: Record<ServicePlan['language'], string[]> = {
  java: ['Java', 'Kotlin', 'Dockerfile'],
  typescript: ['TypeScript', 'JavaScript', 'Dockerfile'],
  go: ['Go', 'Makefile', 'Dockerfile'],
};

/**
 * The service's `code-insights` reading, as the github collector publishes it: open pull
 * requests and their age, the contributors of the last 90 days, the last commit, branch
 * protection and languages. Drawn from (seed, service), so re-runs publish the same value.
 * The draws keep one order: pull requests, contributors, language sizes, branch protection,
 * last commit, required reviews.
 */
export function codeInsightsMessage(args: {
  fleet: Fleet;
  plan: ServicePlan;
  serviceRef: ResourceRef;
}): PublishMessageInput {
  const { fleet, plan } = args;
  const random = new SeededRandom(
    hashSeed(fleet.options.seed, 'code-insights', plan.name),
  );
  const now = fleet.now.getTime();
  const repository = `acme/${plan.name}`;
  const url = `https://github.com/${repository}`;
  const logins = [`${plan.team}-lead`, 'renovate[bot]', `${plan.team}-dev`];
  const pullRequests = drawPullRequests({ random, now, url, logins });
  const contributors = drawContributors(random, logins);
  const languages = drawLanguages(random, plan.language);
  const protectedBranch = random.next() < 0.8;
  const value: CodeInsightsValue = {
    repository,
    url,
    defaultBranch: 'main',
    pullRequests,
    contributors,
    lastCommit: {
      sha: random.hex(40),
      message: random.pick(PULL_REQUEST_TITLES),
      author: contributors.items[0].login,
      committedAt: new Date(now - random.int(1, 72) * 3_600_000).toISOString(),
      url: `${url}/commit/main`,
    },
    branchProtection: protectedBranch
      ? {
          protected: true,
          requiredApprovingReviews: random.int(1, 2),
          requiredStatusChecks: ['build', 'test'],
          enforceAdmins: false,
        }
      : { protected: false },
    languages,
  };
  return {
    kind: 'reading',
    type: 'code-insights',
    storageMode: 'SNAPSHOT',
    resource: args.serviceRef,
    value,
    collectedAt: fleet.now.toISOString(),
  };
}

/** The open pull requests: how many, their ages (oldest first), the first five listed. */
function drawPullRequests(args: {
  random: SeededRandom;
  now: number;
  url: string;
  logins: string[];
}): CodeInsightsValue['pullRequests'] {
  const { random, now, url, logins } = args;
  const open = random.int(0, 6);
  const ages = Array.from({ length: open }, () => random.int(0, 60)).sort(
    (a, b) => b - a,
  );
  const items = ages.slice(0, 5).map((age, i) => ({
    number: 400 + random.int(0, 600),
    title: random.pick(PULL_REQUEST_TITLES),
    author: logins[i % logins.length],
    openedAt: new Date(now - age * DAY).toISOString(),
    ageDays: age,
    draft: random.next() < 0.2,
    url: `${url}/pull/${400 + i}`,
  }));
  return {
    open,
    oldestOpenedAt: ages.length
      ? new Date(now - ages[0] * DAY).toISOString()
      : null,
    medianAgeDays: ages.length ? ages[Math.floor(ages.length / 2)] : null,
    items,
  };
}

/** The contributors of the last 90 days, most commits first. */
function drawContributors(
  random: SeededRandom,
  logins: string[],
): CodeInsightsValue['contributors'] {
  const items = logins
    .map(login => ({ login, commits: random.int(1, 40) }))
    .sort((a, b) => b.commits - a.commits);
  return {
    windowDays: 90,
    count: items.length,
    commits: items.reduce((sum, c) => sum + c.commits, 0),
    items,
  };
}

/** The repository's languages with their sizes, the main language largest, and their shares. */
function drawLanguages(
  random: SeededRandom,
  language: ServicePlan['language'],
): CodeInsightsValue['languages'] {
  const bytes = LANGUAGES[language].map((_, i) =>
    Math.round(random.int(50_000, 400_000) / (i * 4 + 1)),
  );
  const total = bytes.reduce((sum, b) => sum + b, 0);
  return LANGUAGES[language].map((name, i) => ({
    name,
    bytes: bytes[i],
    share: Math.round((bytes[i] / total) * 1000) / 1000,
  }));
}
