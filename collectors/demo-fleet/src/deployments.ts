import {
  names,
  parents,
  PublishMessageInput,
  RESOURCE_TYPES,
  ResourceRef,
} from '@cockpit/plugin-cockpit-common';
import { deploymentImageMessages } from './images';
import { instanceMessages } from './instances';
import { Fleet, packageKey, ServicePlan } from './plan';
import { hashSeed, SeededRandom } from './random';

/** Versions pinned on the demo services, so the story is always there: where is log4j 2.14.1? */
const PINNED: Record<string, Record<string, Record<string, string>>> = {
  'payment-service': {
    production: {
      'org.apache.logging.log4j/log4j-core': '2.14.1',
      'org.springframework/spring-beans': '5.3.17',
    },
    staging: {
      'org.apache.logging.log4j/log4j-core': '2.17.1',
      'org.springframework/spring-beans': '5.3.31',
    },
  },
  'checkout-service': {
    production: {
      'com.fasterxml.jackson.core/jackson-databind': '2.9.10.8',
      'org.yaml/snakeyaml': '1.30',
    },
    staging: {
      'com.fasterxml.jackson.core/jackson-databind': '2.15.3',
      'org.yaml/snakeyaml': '2.2',
    },
  },
  'catalog-service': {
    production: { lodash: '4.17.20', express: '4.17.1' },
    staging: { lodash: '4.17.21', express: '4.21.1' },
  },
};

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
  lastDeploy: { version: string; at: number } | undefined;
  draws: ServiceDraws;
  random: SeededRandom;
}): Generator<PublishMessageInput> {
  const { fleet, plan, envIndex, random } = args;
  const { upstreams, chosenPackages, javaVersion, gc, major } = args.draws;
  const { options, now } = fleet;
  const environment = fleet.environments[envIndex];
  const nowIso = now.toISOString();
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

  const deployed = args.lastDeploy ?? {
    version: `${major}.0.${envIndex}`,
    at: now.getTime() - random.int(1, 30) * 86_400_000,
  };
  const image = `${accountId(
    environment,
    options.seed,
  )}.dkr.ecr.eu-central-1.amazonaws.com/${plan.name}:${deployed.version}`;
  yield {
    kind: 'reading',
    type: 'deployment-info',
    storageMode: 'SNAPSHOT',
    resource: deploymentRef,
    value: {
      version: deployed.version,
      image,
      awsAccountId: accountId(environment, options.seed),
      region: 'eu-central-1',
      deployedAt: new Date(deployed.at).toISOString(),
    },
    collectedAt: nowIso,
  };

  const pinned = PINNED[plan.name]?.[environment] ?? {};
  const dependencies = chosenPackages.map(key => {
    const pkg = fleet.packages[key];
    const indexes = fleet.versionsByPackage[key];
    const pinnedVersion = pinned[packageKey(pkg)];
    const pinnedIndex = pinnedVersion
      ? pkg.versions.indexOf(pinnedVersion)
      : -1;
    if (pinnedIndex >= 0 && pinnedIndex < indexes.length)
      return fleet.versions[indexes[pinnedIndex]].purl;
    // staging and dev run newer versions more often than production
    const skew = environment === 'production' ? 0 : 1;
    const choice = Math.min(
      indexes.length - 1,
      random.int(0, indexes.length - 1) + skew,
    );
    return fleet.versions[indexes[choice]].purl;
  });
  for (const [key, version] of Object.entries(pinned)) {
    const pkgIndex = fleet.packages.findIndex(p => packageKey(p) === key);
    if (pkgIndex >= 0 && !chosenPackages.includes(pkgIndex)) {
      const v = fleet.packages[pkgIndex].versions.indexOf(version);
      dependencies.push(
        fleet.versions[fleet.versionsByPackage[pkgIndex][v]].purl,
      );
    }
  }
  yield {
    kind: 'reading',
    type: 'deployment-dependencies',
    storageMode: 'SNAPSHOT',
    resource: deploymentRef,
    value: { dependencies: dependencies.sort() },
    collectedAt: nowIso,
  };
  yield {
    kind: 'reading',
    type: 'egress-dependencies',
    storageMode: 'SNAPSHOT',
    resource: deploymentRef,
    value: { upstreams },
    collectedAt: nowIso,
  };
  if (plan.language === 'java') {
    yield {
      kind: 'reading',
      type: 'jvm-runtime',
      storageMode: 'SNAPSHOT',
      resource: deploymentRef,
      value: {
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
      },
      collectedAt: nowIso,
    };
  }
  yield* deploymentImageMessages({
    fleet,
    plan,
    environment,
    deploymentRef,
    image,
  });
  for (const instanceId of args.draws.instancesByEnv[envIndex])
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
