import { z } from 'zod';
import {
  HealthStatus,
  names,
  parents,
  PublishMessageInput,
  RESOURCE_TYPES,
  ResourceRef,
} from '@cockpit/plugin-cockpit-common';
import {
  DemoPackage,
  INTERNAL_LIBRARY_KINDS,
  INTERNAL_LIBRARY_WORDS,
  KNOWN_PACKAGES,
} from './packages';
import { hashSeed, SeededRandom } from './random';

/** The services of the local demo (the app's catalog-info.yaml registers them as Components). */
export const DEFAULT_SERVICE_NAMES = [
  'payment-service',
  'checkout-service',
  'catalog-service',
] as const;

/** The environments of the local demo. */
export const DEFAULT_ENVIRONMENTS = ['staging', 'production'] as const;

/** The reading type of the optional per-instance metrics (TIME_SERIES, not a well-known type). */
export const INSTANCE_METRICS_READING_TYPE = 'instance-metrics';

/** Options of the generated fleet; every one has a default that suits `yarn start`. */
export const FleetOptionsSchema = z.object({
  /** Same seed, same `now`: the same fleet, message for message. */
  seed: z.number().int().default(42),
  /** How many services, or their names (the first three default to the demo's). */
  services: z
    .union([z.number().int().min(1), z.array(z.string().min(1)).min(1)])
    .default(3),
  environments: z
    .array(z.string().min(1))
    .min(1)
    .default([...DEFAULT_ENVIRONMENTS]),
  /** Instances per deployment: a fixed number or an inclusive range. */
  instancesPerDeployment: z
    .union([
      z.number().int().min(1),
      z.tuple([z.number().int().min(1), z.number().int().min(1)]),
    ])
    .default([2, 3]),
  /** Distinct dependency versions in the fleet (known packages first, then internal libraries). */
  dependencyVersions: z.number().int().min(1).default(60),
  dependenciesPerDeployment: z.number().int().min(1).default(12),
  /** `service-event` points per service, spread over `historyDays`. */
  serviceEventsPerService: z.number().int().min(0).default(120),
  historyDays: z.number().positive().default(90),
  /** Optional `instance-metrics` points per instance, every 15 minutes up to `now`. */
  metricPointsPerInstance: z.number().int().min(0).default(0),
  /** The fleet's clock (ISO 8601); defaults to the start of the current hour. */
  now: z.iso.datetime({ offset: true }).optional(),
});

/** Options of the generated fleet, as written. */
export type FleetOptions = z.input<typeof FleetOptionsSchema>;

/** The size the BFF benchmark loads: 2,000 services x 3 environments x 5 instances, ~5M readings. */
export const BENCHMARK_FLEET_OPTIONS: FleetOptions = {
  seed: 7,
  services: 2000,
  environments: ['dev', 'staging', 'production'],
  instancesPerDeployment: 5,
  dependencyVersions: 20_000,
  dependenciesPerDeployment: 40,
  serviceEventsPerService: 1000,
  historyDays: 365,
  metricPointsPerInstance: 100,
};

type Language = 'java' | 'typescript' | 'go';

interface ServicePlan {
  index: number;
  name: string;
  team: string;
  language: Language;
}

interface DependencyVersion {
  purl: string;
  packageKey: number;
  ecosystem: DemoPackage['ecosystem'];
}

/** A resolved fleet: options with defaults applied, the service list and the dependency pool. */
export interface Fleet {
  options: z.output<typeof FleetOptionsSchema>;
  now: Date;
  services: ServicePlan[];
  environments: string[];
  packages: DemoPackage[];
  /** Dependency versions per ecosystem, indexes into `versions`. */
  versions: DependencyVersion[];
  versionsByPackage: number[][];
  packagesByEcosystem: Record<DemoPackage['ecosystem'], number[]>;
}

const SERVICE_DOMAINS = [
  'order',
  'inventory',
  'shipping',
  'pricing',
  'search',
  'user',
  'auth',
  'notification',
  'billing',
  'invoice',
  'loyalty',
  'review',
  'recommendation',
  'cart',
  'fulfillment',
  'warehouse',
  'customer',
  'promotion',
  'tax',
  'fraud',
  'refund',
  'media',
  'content',
  'session',
  'returns',
  'ledger',
  'subscription',
  'voucher',
  'delivery',
  'tracking',
  'partner',
  'supplier',
  'ads',
  'analytics',
];
const SERVICE_SUFFIXES = [
  'service',
  'api',
  'worker',
  'processor',
  'adapter',
  'gateway',
];

const DEFAULT_SERVICES: Record<string, { team: string; language: Language }> = {
  'payment-service': { team: 'team-payments', language: 'java' },
  'checkout-service': { team: 'team-checkout', language: 'java' },
  'catalog-service': { team: 'team-catalog', language: 'typescript' },
};

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

function packageKey(p: DemoPackage): string {
  return p.namespace ? `${p.namespace}/${p.name}` : p.name;
}

function serviceName(index: number): string {
  const combos = SERVICE_DOMAINS.length * SERVICE_SUFFIXES.length;
  const base = `${SERVICE_DOMAINS[index % SERVICE_DOMAINS.length]}-${
    SERVICE_SUFFIXES[
      Math.floor(index / SERVICE_DOMAINS.length) % SERVICE_SUFFIXES.length
    ]
  }`;
  const round = Math.floor(index / combos);
  return round === 0 ? base : `${base}-${round + 1}`;
}

/** The service names of a fleet, in generation order. */
export function fleetServiceNames(options: FleetOptions = {}): string[] {
  const parsed = FleetOptionsSchema.parse(options);
  if (Array.isArray(parsed.services)) return parsed.services;
  const result: string[] = [];
  const taken = new Set<string>();
  for (let i = 0; result.length < parsed.services; i++) {
    const name =
      i < DEFAULT_SERVICE_NAMES.length
        ? DEFAULT_SERVICE_NAMES[i]
        : serviceName(i - DEFAULT_SERVICE_NAMES.length);
    if (!taken.has(name)) {
      taken.add(name);
      result.push(name);
    }
  }
  return result;
}

function internalPackages(count: number, random: SeededRandom): DemoPackage[] {
  const result: DemoPackage[] = [];
  for (let i = 0; i < count; i++) {
    const word = INTERNAL_LIBRARY_WORDS[i % INTERNAL_LIBRARY_WORDS.length];
    const kind =
      INTERNAL_LIBRARY_KINDS[
        Math.floor(i / INTERNAL_LIBRARY_WORDS.length) %
          INTERNAL_LIBRARY_KINDS.length
      ];
    const round = Math.floor(
      i / (INTERNAL_LIBRARY_WORDS.length * INTERNAL_LIBRARY_KINDS.length),
    );
    const suffix = round === 0 ? '' : `-${round + 1}`;
    const ecosystem = random.weighted([
      ['maven', 6],
      ['npm', 3],
      ['golang', 1],
    ] as const);
    const major = random.int(1, 4);
    const versions = Array.from(
      { length: 10 },
      (_, v) => `${major}.${v + 1}.${random.int(0, 12)}`,
    );
    const byEcosystem: Record<DemoPackage['ecosystem'], DemoPackage> = {
      maven: {
        ecosystem,
        namespace: 'com.acme.platform',
        name: `acme-${word}-${kind}${suffix}`,
        versions,
      },
      npm: {
        ecosystem,
        namespace: '@acme',
        name: `${word}-${kind}${suffix}`,
        versions,
      },
      golang: {
        ecosystem,
        namespace: 'github.acme.internal/platform',
        name: `${word}-${kind}${suffix}`,
        versions: versions.map(v => `v${v}`),
      },
    };
    const pkg = byEcosystem[ecosystem];
    // one internal library in twenty has an old version with an internal advisory
    if (random.next() < 0.05) {
      pkg.advisories = {
        [pkg.versions[0]]: [
          {
            id: `ACME-SEC-${2023 + random.int(0, 2)}-${String(
              random.int(1, 999),
            ).padStart(4, '0')}`,
            severity: random.weighted([
              ['CRITICAL', 1],
              ['HIGH', 3],
              ['MEDIUM', 4],
              ['LOW', 2],
            ] as const),
            summary: `Internal advisory: ${word} ${kind} leaks credentials in debug logs`,
            fixedIn: [pkg.versions[1]],
          },
        ],
      };
    }
    result.push(pkg);
  }
  return result;
}

/**
 * Resolves options into a fleet plan (services, environments, the dependency pool). Holds
 * O(services + dependency versions) in memory, never the readings.
 */
export function planFleet(options: FleetOptions = {}): Fleet {
  const parsed = FleetOptionsSchema.parse(options);
  const now = parsed.now
    ? new Date(parsed.now)
    : new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
  const random = new SeededRandom(hashSeed(parsed.seed, 'fleet'));
  const services = fleetServiceNames(parsed).map((name, index): ServicePlan => {
    const known = DEFAULT_SERVICES[name];
    const serviceRandom = new SeededRandom(
      hashSeed(parsed.seed, 'service-plan', name),
    );
    const language =
      known?.language ??
      serviceRandom.weighted([
        ['java', 6],
        ['typescript', 3],
        ['go', 1],
      ] as const);
    return {
      index,
      name,
      language,
      team: known?.team ?? `team-${name.split('-')[0]}`,
    };
  });

  const knownVersions = KNOWN_PACKAGES.reduce(
    (sum, p) => sum + p.versions.length,
    0,
  );
  const missing = Math.max(0, parsed.dependencyVersions - knownVersions);
  const packages = [
    ...KNOWN_PACKAGES,
    ...internalPackages(Math.ceil(missing / 10), random),
  ];
  const versions: DependencyVersion[] = [];
  const versionsByPackage: number[][] = [];
  const packagesByEcosystem: Fleet['packagesByEcosystem'] = {
    maven: [],
    npm: [],
    golang: [],
  };
  for (const [key, pkg] of packages.entries()) {
    const indexes: number[] = [];
    for (const version of pkg.versions) {
      if (versions.length >= Math.max(parsed.dependencyVersions, knownVersions))
        break;
      indexes.push(versions.length);
      versions.push({
        purl: names.softwareDependencyVersion({
          type: pkg.ecosystem,
          namespace: pkg.namespace,
          name: pkg.name,
          version,
        }),
        packageKey: key,
        ecosystem: pkg.ecosystem,
      });
    }
    versionsByPackage.push(indexes);
    if (indexes.length > 0) packagesByEcosystem[pkg.ecosystem].push(key);
  }
  return {
    options: parsed,
    now,
    services,
    environments: parsed.environments,
    packages,
    versions,
    versionsByPackage,
    packagesByEcosystem,
  };
}

/** The SoftwareDependency and SoftwareDependencyVersion resources of the pool, with vulnerabilities. */
export function* generateDependencyMessages(
  fleet: Fleet,
): Generator<PublishMessageInput> {
  const collectedAt = fleet.now.toISOString();
  for (const [key, pkg] of fleet.packages.entries()) {
    const indexes = fleet.versionsByPackage[key];
    if (indexes.length === 0) continue;
    const dependency = names.softwareDependency({
      type: pkg.ecosystem,
      namespace: pkg.namespace,
      name: pkg.name,
    });
    yield {
      kind: 'resource',
      type: RESOURCE_TYPES.SoftwareDependency,
      name: dependency,
    };
    for (const [v, index] of indexes.entries()) {
      const purl = fleet.versions[index].purl;
      yield {
        kind: 'resource',
        type: RESOURCE_TYPES.SoftwareDependencyVersion,
        name: purl,
        parent: { type: RESOURCE_TYPES.SoftwareDependency, name: dependency },
      };
      const advisories = pkg.advisories?.[pkg.versions[v]];
      yield {
        kind: 'reading',
        type: 'vulnerabilities',
        storageMode: 'SNAPSHOT',
        resource: {
          type: RESOURCE_TYPES.SoftwareDependencyVersion,
          name: purl,
        },
        value: { items: advisories ?? [] },
        collectedAt,
      };
    }
  }
}

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

const EVENT_KINDS = [
  ['deployment', 20],
  ['instance-started', 30],
  ['instance-stopped', 30],
  ['autoscaling', 12],
  ['incident', 8],
] as const;

const INCIDENT_TITLES = [
  'Elevated 5xx rate',
  'Latency p99 above SLO',
  'Database connection pool exhausted',
  'Memory pressure, pods OOM-killed',
  'Upstream timeouts',
];

function accountId(environment: string, seed: number): string {
  if (environment === 'production') return '123456789012';
  if (environment === 'staging') return '210987654321';
  return String(hashSeed(seed, 'account', environment))
    .padStart(12, '4')
    .slice(0, 12);
}

/**
 * Every message of one service: the Service with `ownership`, `tech-stack` and its
 * `service-event` history; each deployment with `deployment-info`, `deployment-dependencies`,
 * `egress-dependencies` and, on the JVM, `jvm-runtime`; each instance with `health`,
 * `instance-info` and optional `instance-metrics`. Deterministic per (seed, service).
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

  // Events sit on a grid of absolute time slots, each drawn from (seed, service, slot): when
  // `now` moves on, the events still in the window keep their times and values, so re-running
  // the collector adds the new points instead of a shifted copy of the whole history.
  const historyMs = options.historyDays * 86_400_000;
  const eventCount = options.serviceEventsPerService;
  const slot =
    eventCount > 0 ? Math.max(1, Math.floor(historyMs / eventCount)) : 1;
  const lastSlot = Math.floor(now.getTime() / slot);
  const lastDeploy: ({ version: string; at: number } | undefined)[] =
    environments.map(() => undefined);
  const major = random.int(1, 3);
  const events: PublishMessageInput[] = [];
  for (let k = lastSlot - eventCount + 1; k <= lastSlot; k++) {
    const eventRandom = new SeededRandom(
      hashSeed(options.seed, plan.name, 'event', k),
    );
    // inside its own slot, never after now: one TIME_SERIES point per (service, collectedAt)
    const at = Math.min(
      now.getTime(),
      k * slot + Math.floor(eventRandom.next() * slot * 0.8),
    );
    const envIndex = eventRandom.int(0, environments.length - 1);
    const environment = environments[envIndex];
    const deployment = names.serviceDeployment({
      service: plan.name,
      environment,
    });
    const kind = eventRandom.weighted(EVENT_KINDS);
    let value: Record<string, unknown>;
    if (kind === 'deployment') {
      const version = `${major}.${Math.floor(k / 100) % 100}.${k % 100}`;
      lastDeploy[envIndex] = { version, at };
      value = {
        kind,
        title: `Deployed ${plan.name} ${version} to ${environment}`,
        severity: 'INFO',
        resource: { type: RESOURCE_TYPES.ServiceDeployment, name: deployment },
        version,
      };
    } else if (kind === 'incident') {
      value = {
        kind,
        title: `${eventRandom.pick(INCIDENT_TITLES)} in ${environment}`,
        severity: eventRandom.weighted([
          ['CRITICAL', 1],
          ['HIGH', 3],
          ['MEDIUM', 4],
        ] as const),
        resource: { type: RESOURCE_TYPES.ServiceDeployment, name: deployment },
      };
    } else if (kind === 'autoscaling') {
      const from = eventRandom.int(minInstances, maxInstances + 2);
      const to = Math.max(1, from + eventRandom.pick([-1, 1, 2]));
      value = {
        kind,
        title: `Scaled ${environment} from ${from} to ${to} instances`,
        severity: 'INFO',
        resource: { type: RESOURCE_TYPES.ServiceDeployment, name: deployment },
      };
    } else {
      const instanceId = eventRandom.pick(instancesByEnv[envIndex]);
      const instance = names.serviceInstance({
        service: plan.name,
        environment,
        instanceId,
      });
      value = {
        kind,
        title: `${
          kind === 'instance-started' ? 'Started' : 'Stopped'
        } ${instanceId} in ${environment}`,
        severity:
          kind === 'instance-stopped' && eventRandom.next() < 0.2
            ? 'WARNING'
            : 'INFO',
        resource: { type: RESOURCE_TYPES.ServiceInstance, name: instance },
      };
    }
    events.push({
      kind: 'reading',
      type: 'service-event',
      storageMode: 'TIME_SERIES',
      resource: serviceRef,
      value,
      collectedAt: new Date(at).toISOString(),
    });
  }
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

  for (const [envIndex, environment] of environments.entries()) {
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

    const deployed = lastDeploy[envIndex] ?? {
      version: `${major}.0.${envIndex}`,
      at: now.getTime() - random.int(1, 30) * 86_400_000,
    };
    yield {
      kind: 'reading',
      type: 'deployment-info',
      storageMode: 'SNAPSHOT',
      resource: deploymentRef,
      value: {
        version: deployed.version,
        image: `${accountId(
          environment,
          options.seed,
        )}.dkr.ecr.eu-central-1.amazonaws.com/${plan.name}:${deployed.version}`,
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
              gc === 'Parallel'
                ? 'ParallelGC'
                : `${gc}${gc === 'G1' ? 'GC' : ''}`
            }`,
            '-XX:+ExitOnOutOfMemoryError',
          ],
        },
        collectedAt: nowIso,
      };
    }

    for (const instanceId of instancesByEnv[envIndex]) {
      const instance = names.serviceInstance({
        service: plan.name,
        environment,
        instanceId,
      });
      const instanceRef: ResourceRef = {
        type: RESOURCE_TYPES.ServiceInstance,
        name: instance,
      };
      yield {
        kind: 'resource',
        type: RESOURCE_TYPES.ServiceInstance,
        name: instance,
        parent: parents.serviceInstance({ service: plan.name, environment }),
      };
      const status: HealthStatus = random.weighted([
        ['UP', 85],
        ['DEGRADED', 8],
        ['DOWN', 5],
        ['UNKNOWN', 2],
      ] as const);
      yield {
        kind: 'reading',
        type: 'health',
        storageMode: 'SNAPSHOT',
        resource: instanceRef,
        value: { status },
        collectedAt: nowIso,
      };
      const ip = `10.${envIndex * 16 + random.int(0, 15)}.${random.int(
        0,
        255,
      )}.${random.int(1, 254)}`;
      yield {
        kind: 'reading',
        type: 'instance-info',
        storageMode: 'SNAPSHOT',
        resource: instanceRef,
        value: {
          ip,
          host: `ip-${ip.replace(/\./g, '-')}.eu-central-1.compute.internal`,
          startedAt: new Date(
            Math.min(
              now.getTime() - 60_000,
              deployed.at + random.int(5, 600) * 1000,
            ),
          ).toISOString(),
          availabilityZone: `eu-central-1${random.pick(['a', 'b', 'c'])}`,
        },
        collectedAt: nowIso,
      };
      const quarter = Math.floor(now.getTime() / 900_000) * 900_000;
      for (let p = options.metricPointsPerInstance - 1; p >= 0; p--) {
        const at = quarter - p * 900_000;
        const pointRandom = new SeededRandom(
          hashSeed(options.seed, instance, at),
        );
        yield {
          kind: 'reading',
          type: INSTANCE_METRICS_READING_TYPE,
          storageMode: 'TIME_SERIES',
          resource: instanceRef,
          value: {
            cpuPercent: Math.round(pointRandom.next() * 900) / 10,
            heapUsedMb: pointRandom.int(200, 1800),
            requestsPerMinute: pointRandom.int(0, 5000),
          },
          collectedAt: new Date(at).toISOString(),
        };
      }
    }
  }
}

/**
 * Every message of the fleet, streamed: the dependency pool first, then service by service.
 * Memory stays O(services + dependency versions) whatever the number of readings.
 *
 * @example
 * for (const message of generateFleetMessages({ services: 2000, ... })) batcher.add(message);
 */
export function* generateFleetMessages(
  options: FleetOptions = {},
): Generator<PublishMessageInput> {
  const fleet = planFleet(options);
  yield* generateDependencyMessages(fleet);
  for (let i = 0; i < fleet.services.length; i++) {
    yield* generateServiceMessages(fleet, i);
  }
}

/** The same messages as {@link generateFleetMessages}, one array per service (the pool first). */
export async function* generateFleetChunks(
  options: FleetOptions = {},
): AsyncGenerator<{ label: string; messages: PublishMessageInput[] }> {
  const fleet = planFleet(options);
  yield {
    label: 'dependencies',
    messages: [...generateDependencyMessages(fleet)],
  };
  for (let i = 0; i < fleet.services.length; i++) {
    yield {
      label: fleet.services[i].name,
      messages: [...generateServiceMessages(fleet, i)],
    };
  }
}
