import {
  names,
  parents,
  PublishMessageInput,
  RESOURCE_TYPES,
  ResourceRef,
} from '@cockpit/plugin-cockpit-common';
import { deploymentDependencies } from './deploymentDependencies';
import type { Deployed } from './events';
import { deploymentImageMessages } from './images';
import { instanceMessages } from './instances';
import type { Fleet, ServicePlan } from './plan';
import { hashSeed, SeededRandom } from './random';

/** The AWS account an environment runs in (the demo's two fixed ones, else derived from the seed). */
function accountId(environment: string, seed: number): string {
  if (environment === 'production') return '123456789012';
  if (environment === 'staging') return '210987654321';
  return String(hashSeed(seed, 'account', environment))
    .padStart(12, '4')
    .slice(0, 12);
}

/** What a service's deployments share: drawn once per service. */
export interface ServiceDraws {
  upstreams: string[];
  chosenPackages: number[];
  javaVersion: string;
  gc: string;
  major: number;
  instancesByEnv: string[][];
}

/**
 * One deployment: the ServiceDeployment with `deployment-info`, `deployment-dependencies`,
 * `egress-dependencies`, on the JVM `jvm-runtime`, its images, and its instances.
 */
export function* deploymentMessages(args: {
  fleet: Fleet;
  plan: ServicePlan;
  envIndex: number;
  /** The environment's deployment events, oldest first (the last is what it runs). */
  deploys: Deployed[];
  draws: ServiceDraws;
  random: SeededRandom;
}): Generator<PublishMessageInput> {
  const { fleet, plan, envIndex, draws, random } = args;
  const environment = fleet.environments[envIndex];
  const nowIso = fleet.now.toISOString();
  const deployment = names.serviceDeployment({
    service: plan.name,
    environment,
  });
  const deploymentRef: ResourceRef = {
    type: RESOURCE_TYPES.ServiceDeployment,
    name: deployment,
  };
  yield {
    kind: 'resource',
    type: RESOURCE_TYPES.ServiceDeployment,
    name: deployment,
    parent: parents.serviceDeployment({ service: plan.name }),
  };
  // without a deployment event in the history, deployed a few days ago with the first version
  const deployed = args.deploys.at(-1) ?? {
    version: `${draws.major}.0.${envIndex}`,
    at: fleet.now.getTime() - random.int(1, 30) * 86_400_000,
  };
  const awsAccountId = accountId(environment, fleet.options.seed);
  const imageOf = (version: string) =>
    `${awsAccountId}.dkr.ecr.eu-central-1.amazonaws.com/${plan.name}:${version}`;
  const info = (d: Deployed, collectedAt: string): PublishMessageInput => ({
    kind: 'reading',
    type: 'deployment-info',
    storageMode: 'SNAPSHOT',
    resource: deploymentRef,
    value: {
      version: d.version,
      image: imageOf(d.version),
      awsAccountId,
      region: 'eu-central-1',
      deployedAt: new Date(d.at).toISOString(),
    },
    collectedAt,
  });
  // the past: each deployment's value from its time on (the last one's is the current value)
  if (fleet.options.pastReadings)
    for (const past of args.deploys)
      yield info(past, new Date(past.at).toISOString());
  yield info(deployed, nowIso);
  const image = imageOf(deployed.version);
  yield* dependencyReadings({ ...args, environment, deploymentRef, nowIso });
  yield* deploymentImageMessages({
    fleet,
    plan,
    environment,
    deploymentRef,
    image,
  });
  for (const instanceId of draws.instancesByEnv[envIndex])
    yield* instanceMessages({
      fleet,
      plan,
      environment,
      envIndex,
      instanceId,
      deployed,
      random,
    });
}

/** What the deployment runs and calls: `deployment-dependencies`, `egress-dependencies`, `jvm-runtime`. */
function* dependencyReadings(args: {
  fleet: Fleet;
  plan: ServicePlan;
  environment: string;
  deploymentRef: ResourceRef;
  nowIso: string;
  draws: ServiceDraws;
  random: SeededRandom;
}): Generator<PublishMessageInput> {
  const { plan, environment, deploymentRef, nowIso, draws } = args;
  const dependencies = deploymentDependencies({
    ...args,
    chosenPackages: draws.chosenPackages,
  });
  yield {
    kind: 'reading',
    type: 'deployment-dependencies',
    storageMode: 'SNAPSHOT',
    resource: deploymentRef,
    value: { dependencies },
    collectedAt: nowIso,
  };
  yield {
    kind: 'reading',
    type: 'egress-dependencies',
    storageMode: 'SNAPSHOT',
    resource: deploymentRef,
    value: { upstreams: draws.upstreams },
    collectedAt: nowIso,
  };
  if (plan.language === 'java') {
    yield {
      kind: 'reading',
      type: 'jvm-runtime',
      storageMode: 'SNAPSHOT',
      resource: deploymentRef,
      value: jvmRuntime(environment, draws.javaVersion, draws.gc),
      collectedAt: nowIso,
    };
  }
}

/** The JVM of a deployment: the service's Java version and GC, a bigger heap in production. */
function jvmRuntime(environment: string, javaVersion: string, gc: string) {
  return {
    javaVersion,
    vendor: 'Eclipse Adoptium',
    gc,
    jvmArgs: [
      environment === 'production' ? '-Xmx2g' : '-Xmx1g',
      `-XX:+Use${
        gc === 'Parallel' ? 'ParallelGC' : `${gc}${gc === 'G1' ? 'GC' : ''}`
      }`,
      '-XX:+ExitOnOutOfMemoryError',
    ],
  };
}
