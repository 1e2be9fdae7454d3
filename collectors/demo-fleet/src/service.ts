import {
  names,
  PublishMessageInput,
  RESOURCE_TYPES,
  ResourceRef,
} from '@cockpit/plugin-cockpit-common';
import { codeInsightsMessage } from './codeInsights';
import { deploymentMessages, ServiceDraws } from './deployments';
import { Deploys, serviceEvents } from './events';
import type { DemoPackage } from './packages';
import { Fleet, instanceRange, Language, ServicePlan } from './plan';
import { hashSeed, SeededRandom } from './random';

const LANGUAGE_ECOSYSTEM: Record<Language, DemoPackage['ecosystem']> = {
  java: 'maven',
  typescript: 'npm',
  go: 'golang',
};

const TECH_STACKS: Record<
  Language,
  { language: string; framework: string; runtime: string }
> = {
  java: { language: 'java', framework: 'spring-boot', runtime: 'jvm' },
  typescript: { language: 'typescript', framework: 'express', runtime: 'node' },
  go: { language: 'go', framework: 'gin', runtime: 'go' },
};

/**
 * Every message of one service: the Service with `ownership`, `tech-stack`, `code-insights` and its
 * `service-event` history; each deployment with `deployment-info`, `deployment-dependencies`,
 * `egress-dependencies` and, on the JVM, `jvm-runtime`; each instance with `health`,
 * `instance-info` and optional `instance-metrics`; each deployment's container images with
 * their `image-vulnerabilities`. Deterministic per (seed, service).
 */
export function* generateServiceMessages(
  fleet: Fleet,
  serviceIndex: number,
): Generator<PublishMessageInput> {
  const plan = fleet.services[serviceIndex];
  const random = new SeededRandom(
    hashSeed(fleet.options.seed, 'service', plan.name),
  );
  const service = names.service({ service: plan.name });
  const serviceRef: ResourceRef = {
    type: RESOURCE_TYPES.Service,
    name: service,
  };
  // instances first (events refer to them), then the event history (deployments define versions)
  const instancesByEnv = drawInstanceIds(fleet, random);
  const major = random.int(1, 3);
  const { events, deploys } = serviceEvents({
    fleet,
    plan,
    serviceRef,
    instancesByEnv,
    major,
  });
  yield { kind: 'resource', type: RESOURCE_TYPES.Service, name: service };
  yield* serviceReadings(fleet, plan, serviceRef, deploys);
  yield* events;
  events.length = 0;

  const draws: ServiceDraws = {
    ...drawDeploymentShared(fleet, plan, random),
    major,
    instancesByEnv,
  };
  for (const envIndex of fleet.environments.keys())
    yield* deploymentMessages({
      fleet,
      plan,
      envIndex,
      deploys: deploys[envIndex]!,
      draws,
      random,
    });
}

/**
 * The service's own snapshot readings: `ownership`, `tech-stack` and `code-insights`; with
 * `pastReadings`, the first two also as of the service's first deployment (they never change).
 */
function* serviceReadings(
  fleet: Fleet,
  plan: ServicePlan,
  serviceRef: ResourceRef,
  deploys: Deploys,
): Generator<PublishMessageInput> {
  const firstDeploys = fleet.options.pastReadings
    ? deploys.flatMap(env => env.slice(0, 1).map(d => d.at))
    : [];
  const since = firstDeploys.length
    ? [new Date(Math.min(...firstDeploys)).toISOString()]
    : [];
  for (const collectedAt of [...since, fleet.now.toISOString()])
    yield* stableReadings(plan, serviceRef, collectedAt);
  yield codeInsightsMessage({ fleet, plan, serviceRef });
}

/** `ownership` and `tech-stack`, as collected at `collectedAt`. */
function* stableReadings(
  plan: ServicePlan,
  serviceRef: ResourceRef,
  collectedAt: string,
): Generator<PublishMessageInput> {
  yield {
    kind: 'reading',
    type: 'ownership',
    storageMode: 'SNAPSHOT',
    resource: serviceRef,
    value: {
      team: plan.team,
      contacts: [`${plan.team}@example.com`, `#${plan.team}-alerts`],
    },
    collectedAt,
  };
  yield {
    kind: 'reading',
    type: 'tech-stack',
    storageMode: 'SNAPSHOT',
    resource: serviceRef,
    value: TECH_STACKS[plan.language],
    collectedAt,
  };
}

/** The instance ids of each environment: how many, then each id, environment by environment. */
function drawInstanceIds(fleet: Fleet, random: SeededRandom): string[][] {
  const [minInstances, maxInstances] = instanceRange(fleet.options);
  return fleet.environments.map(() =>
    Array.from(
      {
        length: random.int(minInstances, Math.max(minInstances, maxInstances)),
      },
      () => `i-0${random.hex(16)}`,
    ),
  );
}

/** What every deployment of the service shares: its upstreams, its packages, its JVM. */
function drawDeploymentShared(
  fleet: Fleet,
  plan: ServicePlan,
  random: SeededRandom,
): Pick<ServiceDraws, 'upstreams' | 'chosenPackages' | 'javaVersion' | 'gc'> {
  const upstreamCandidates = fleet.services
    .filter(s => s.index !== plan.index)
    .map(s => s.name);
  const upstreams = random.sample(
    upstreamCandidates,
    Math.min(upstreamCandidates.length, random.int(1, 3)),
  );
  const ecosystem = LANGUAGE_ECOSYSTEM[plan.language];
  const chosenPackages = random.sample(
    fleet.packagesByEcosystem[ecosystem],
    fleet.options.dependenciesPerDeployment,
  );
  const javaVersion = random.pick(['17.0.9', '21.0.1', '11.0.21']);
  const gc = random.pick(['G1', 'ZGC', 'Parallel']);
  return { upstreams, chosenPackages, javaVersion, gc };
}
