import { Fleet, packageKey, ServicePlan } from './plan';
import { SeededRandom } from './random';

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

/**
 * The dependency versions (purls, sorted) one deployment runs: a version of each of the service's
 * packages (the pinned one if any, else drawn, newer outside production), plus the pinned packages
 * the service did not choose.
 */
export function deploymentDependencies(args: {
  fleet: Fleet;
  plan: ServicePlan;
  environment: string;
  chosenPackages: number[];
  random: SeededRandom;
}): string[] {
  const { fleet, environment, chosenPackages, random } = args;
  const pinned = PINNED[args.plan.name]?.[environment] ?? {};
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
  return dependencies.sort();
}
