import type { HealthStatus, ImagePackageClass, Severity } from './readingTypes';

/**
 * Result types of the calculations that ship with Cockpit (`GET /calculations/:name`).
 * The UI renders exactly these; the backend's calculations return exactly these.
 *
 * @example
 * const overview = await client.runCalculation<ServiceOverviewResult>(
 *   CALCULATIONS.serviceOverview, { service: 'payment-service' });
 */

/** The names of the shipped calculations. */
export const CALCULATIONS = {
  serviceOverview: 'service-overview',
  serviceEvents: 'service-events',
  deploymentVulnerabilities: 'deployment-vulnerabilities',
  dependencyUsage: 'dependency-usage',
  fleetVulnerabilities: 'fleet-vulnerabilities',
} as const;

/** Vulnerability counts, one per severity (every key present, 0 when none). */
export type SeverityCounts = Record<Severity, number>;

/** Instance counts, one per health status (every key present); `UNKNOWN` also counts instances without a `health` reading. */
export type HealthCounts = Record<HealthStatus, number> & { total: number };

/** The JVM runtime of a deployment or instance (`jvm-runtime` reading). */
export interface JvmRuntimeInfo {
  javaVersion: string;
  vendor?: string;
  gc?: string;
  jvmArgs: string[];
}

/** One environment's deployment of a service, as in the service overview. */
export interface ServiceOverviewDeployment {
  /** Resource id of the ServiceDeployment. */
  id: string;
  /** `<service>/<environment>`. */
  name: string;
  environment: string;
  /** From `deployment-info`; null when the deployment has none. */
  version: string | null;
  /** ISO 8601, from `deployment-info`; null when unknown. */
  deployedAt: string | null;
  image: string | null;
  region: string | null;
  awsAccountId: string | null;
  jvmRuntime: JvmRuntimeInfo | null;
  /** Upstream services of this deployment (`egress-dependencies`). */
  egressUpstreams: string[];
  health: HealthCounts;
  /** Vulnerabilities of the deployment's dependency versions: one per (version, advisory). */
  vulnerabilities: SeverityCounts;
  /** How many dependency versions `deployment-dependencies` lists. */
  dependencyCount: number;
}

/** One instance of a service, as in the service overview's instances table. */
export interface ServiceOverviewInstance {
  /** Resource id of the ServiceInstance. */
  id: string;
  /** `<service>/<environment>/<instanceId>`. */
  name: string;
  instanceId: string;
  environment: string;
  deploymentId: string;
  /** `UNKNOWN` when the instance has no `health` reading. */
  health: HealthStatus;
  /** ISO 8601: when the health was measured; null without a `health` reading. */
  healthCollectedAt: string | null;
  ip: string | null;
  host: string | null;
  /** ISO 8601, from `instance-info`. */
  startedAt: string | null;
  /** The instance's own `jvm-runtime`, else its deployment's; null when unknown. */
  jvmRuntime: JvmRuntimeInfo | null;
  /** ISO 8601: the last time any message named the instance. */
  lastSeenOn: string;
}

/** An upstream service this service calls, over all its deployments. */
export interface ServiceOverviewUpstream {
  service: string;
  /** The environments whose deployment calls it. */
  environments: string[];
  /** Whether a `Service` resource of that name exists (so the UI can link to it). */
  known: boolean;
}

/** Result of `service-overview?service=`. */
export interface ServiceOverviewResult {
  service: {
    id: string;
    name: string;
    createdOn: string;
    lastSeenOn: string;
  };
  /** `ownership` reading; null when none. */
  ownership: { team: string; contacts?: string[] } | null;
  /** `tech-stack` reading; null when none. */
  techStack: { language: string; framework?: string; runtime?: string } | null;
  /** One per environment, sorted by environment. */
  deployments: ServiceOverviewDeployment[];
  /** Sum over all deployments. */
  health: HealthCounts;
  /** Sum over all deployments. */
  vulnerabilities: SeverityCounts;
  egressUpstreams: ServiceOverviewUpstream[];
  /** Sorted by environment, then name. */
  instances: ServiceOverviewInstance[];
}

/** One service event (a `service-event` TIME_SERIES point). */
export interface ServiceEvent {
  /** Reading id. */
  id: string;
  /** ISO 8601: when the event happened (`collectedAt`). */
  at: string;
  /** `deployment`, `instance-started`, `instance-stopped`, `incident`, ... */
  kind: string;
  title: string;
  severity: string | null;
  /** The resource the point is stored on: the service or one of its descendants. */
  resourceId: string;
  resourceType: string;
  resourceName: string;
  /** The resource the event is about (`value.resource`), when the collector named one. */
  subject: { type: string; name: string } | null;
  /** The whole reading value. */
  value: Record<string, unknown>;
}

/** Result of `service-events?service=&from=&to=&limit=`: newest first. */
export interface ServiceEventsResult {
  service: string;
  from: string;
  to: string;
  items: ServiceEvent[];
  /** True when more events fall in the range than `limit` allowed. */
  truncated: boolean;
  /** Events in the range per kind (all of them, not only the returned ones). */
  countsByKind: Record<string, number>;
}

/** One advisory (an item of a `vulnerabilities` reading). */
export interface VulnerabilityAdvisory {
  id: string;
  severity: Severity;
  summary: string;
  fixedIn: string[];
}

/**
 * Where a vulnerability of a deployment comes from: a library version it lists in
 * `deployment-dependencies`, or a package of a container image it runs (`deployment-images`,
 * found by a scanner in the image's `image-vulnerabilities`), an OS package or a library
 * baked into the image.
 */
export type VulnerabilityOrigin =
  | { kind: 'library' }
  | {
      kind: 'image';
      /** The `ContainerImage` name, e.g. `docker.io/library/nginx:1.27`. */
      image: string;
      /** `os` for the image's operating system packages, `library` for one baked into it. */
      class: ImagePackageClass;
    };

/** A vulnerable package of a deployment: a dependency version, or a package of one of its images. */
export interface VulnerableDependencyVersion {
  /** Resource id of the SoftwareDependencyVersion, or of the ContainerImage for an image's package. */
  id: string;
  /**
   * Package URL with version, e.g. `pkg:npm/express@4.18.2`; for an image's package, the
   * scanner's package URL when it gave one, else `<package>@<installed version>`.
   */
  name: string;
  /** Package URL without version; for an image's package, the scanner's package name. */
  package: string;
  /** The version in use (for an image's package, the installed one; empty when unknown). */
  version: string;
  origin: VulnerabilityOrigin;
  highestSeverity: Severity;
  counts: SeverityCounts;
  /** Highest severity first, then by id. */
  advisories: VulnerabilityAdvisory[];
}

/** Result of `deployment-vulnerabilities?deployment=` (`<service>/<environment>`). */
export interface DeploymentVulnerabilitiesResult {
  deployment: {
    id: string;
    name: string;
    service: string;
    environment: string;
  };
  /** How many dependency versions the deployment lists. */
  dependencyCount: number;
  /** The container images the deployment runs (`deployment-images`), scanned or not. */
  images: Array<{ name: string; scanned: boolean }>;
  /** One per (vulnerable package, advisory), libraries and image packages together. */
  counts: SeverityCounts;
  /** The same counts by origin. */
  countsByOrigin: Record<VulnerabilityOrigin['kind'], SeverityCounts>;
  /** Highest severity first, then most advisories, then name. */
  items: VulnerableDependencyVersion[];
}

/** A deployment that carries a package (or one version of it). */
export interface DependencyUsageItem {
  deploymentId: string;
  /** `<service>/<environment>`. */
  deployment: string;
  service: string;
  environment: string;
  /** The version the deployment carries. */
  version: string;
  /** Package URL with version. */
  versionName: string;
  /**
   * How the deployment carries it: a library version it lists (`deployment-dependencies`), or
   * a vulnerable package a scanner found in one of its images.
   */
  origin: VulnerabilityOrigin;
  /** Vulnerabilities known for that version (for an image, those the scanner reported for the package). */
  vulnerabilities: SeverityCounts;
}

/** Result of `dependency-usage?package=&version=`. */
export interface DependencyUsageResult {
  /** Package URL without version, e.g. `pkg:maven/org.apache.logging.log4j/log4j-core`. */
  package: string;
  version: string | null;
  /**
   * Sorted by service, environment, version. Image packages are known only when vulnerable,
   * and matched by the package URL the scanner gave.
   */
  items: DependencyUsageItem[];
  /** Each version in use with the number of deployments carrying it, most used first. */
  versions: Array<{ version: string; deployments: number }>;
  serviceCount: number;
}

/** A service in the fleet vulnerabilities ranking. */
export interface FleetVulnerableService {
  service: string;
  counts: SeverityCounts;
  total: number;
  highestSeverity: Severity;
}

/** Where a vulnerable package of the fleet ranking is found: library versions, or images' packages. */
export type FleetPackageOrigin =
  | { kind: 'library' }
  | {
      kind: 'image';
      class: ImagePackageClass;
      /** The `ContainerImage` names it is found in, sorted. */
      images: string[];
    };

/** A vulnerable package in the fleet vulnerabilities ranking. */
export interface FleetVulnerablePackage {
  /** Package URL without version; for an image's package, the scanner's package name. */
  package: string;
  origin: FleetPackageOrigin;
  /** Vulnerable versions in use. */
  versions: string[];
  deployments: number;
  services: number;
  highestSeverity: Severity;
  /** Advisory ids, highest severity first. */
  advisories: string[];
}

/** Result of `fleet-vulnerabilities?limit=`. */
export interface FleetVulnerabilitiesResult {
  /** One per (deployment, vulnerable package, advisory) over the fleet, libraries and images' packages. */
  counts: SeverityCounts;
  /** The same counts by origin. */
  countsByOrigin: Record<VulnerabilityOrigin['kind'], SeverityCounts>;
  /** Distinct advisories in use, per severity. */
  advisories: SeverityCounts;
  affectedServices: number;
  affectedDeployments: number;
  /** Most exposed services: most CRITICAL, then HIGH, ... */
  services: FleetVulnerableService[];
  /** Most widespread vulnerable packages: most deployments first. */
  packages: FleetVulnerablePackage[];
}
