import { names } from '@cockpit/plugin-cockpit-common';
import {
  DemoPackage,
  INTERNAL_LIBRARY_KINDS,
  INTERNAL_LIBRARY_WORDS,
  KNOWN_PACKAGES,
} from './packages';
import { hashSeed, SeededRandom } from './random';
import {
  DEFAULT_SERVICE_NAMES,
  FleetOptions,
  FleetOptionsSchema,
} from './options';
import type { z } from 'zod';

/** The language of a demo service. */
export type Language = 'java' | 'typescript' | 'go';

/** One service of the fleet. */
export interface ServicePlan {
  index: number;
  name: string;
  team: string;
  language: Language;
}

/** One version of the dependency pool. */
export interface DependencyVersion {
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

/** `namespace/name` of a package, as the pinned versions name it. */
export function packageKey(p: DemoPackage): string {
  return p.namespace ? `${p.namespace}/${p.name}` : p.name;
}

/** `instancesPerDeployment` as an inclusive `[min, max]` range, however it was written. */
export function instanceRange(options: Fleet['options']): [number, number] {
  return Array.isArray(options.instancesPerDeployment)
    ? options.instancesPerDeployment
    : [options.instancesPerDeployment, options.instancesPerDeployment];
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
