import {
  names,
  PublishMessageInput,
  RESOURCE_TYPES,
  ResourceRef,
} from '@cockpit/plugin-cockpit-common';
import { codeInsightsMessage } from './codeInsights';
import { deploymentMessages } from './deployments';
import { serviceEvents } from './events';
import type { DemoPackage } from './packages';
import type { Fleet, Language } from './plan';
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
  const { options, now, environments } = fleet;
  const random = new SeededRandom(hashSeed(options.seed, 'service', plan.name));
  const nowIso = now.toISOString();
  const service = names.service({ service: plan.name });
  const serviceRef: ResourceRef = {
    type: RESOURCE_TYPES.Service,
    name: service,
  };

  yield { kind: 'resource', type: RESOURCE_TYPES.Service, name: service };
  yield {
    kind: 'reading',
    type: 'ownership',
    storageMode: 'SNAPSHOT',
    resource: serviceRef,
    value: {
      team: plan.team,
      contacts: [`${plan.team}@example.com`, `#${plan.team}-alerts`],
    },
    collectedAt: nowIso,
  };
  yield {
    kind: 'reading',
    type: 'tech-stack',
    storageMode: 'SNAPSHOT',
    resource: serviceRef,
    value: TECH_STACKS[plan.language],
    collectedAt: nowIso,
  };
  yield codeInsightsMessage({ fleet, plan, serviceRef });

  // instances first (events refer to them), then the event history (deployments define versions)
  const [minInstances, maxInstances] = Array.isArray(
    options.instancesPerDeployment,
  )
    ? options.instancesPerDeployment
    : [options.instancesPerDeployment, options.instancesPerDeployment];
  const instancesByEnv = environments.map(() =>
    Array.from(
      {
        length: random.int(minInstances, Math.max(minInstances, maxInstances)),
      },
      () => `i-0${random.hex(16)}`,
    ),
  );

  const major = random.int(1, 3);
  const { events, lastDeploy } = serviceEvents({
    fleet,
    plan,
    serviceRef,
    instancesByEnv,
    major,
  });
  yield* events;
  events.length = 0;

  const upstreamCandidates = fleet.services
    .filter(s => s.index !== plan.index)
    .map(s => s.name);
  const upstreams = random.sample(
    upstreamCandidates,
    Math.min(upstreamCandidates.length, random.int(1, 3)),
  );
  const ecosystem = LANGUAGE_ECOSYSTEM[plan.language];
  const candidatePackages = fleet.packagesByEcosystem[ecosystem];
  const chosenPackages = random.sample(
    candidatePackages,
    options.dependenciesPerDeployment,
  );
  const javaVersion = random.pick(['17.0.9', '21.0.1', '11.0.21']);
  const gc = random.pick(['G1', 'ZGC', 'Parallel']);
  const draws = {
    upstreams,
    chosenPackages,
    javaVersion,
    gc,
    major,
    instancesByEnv,
  };
  for (const envIndex of environments.keys())
    yield* deploymentMessages({
      fleet,
      plan,
      envIndex,
      lastDeploy: lastDeploy[envIndex],
      draws,
      random,
    });
}
