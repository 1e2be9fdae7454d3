import { z } from 'zod';
import { CodeInsightsValueSchema } from './codeInsights';
import { CollectorRunValueSchema } from './collectorRuns';
import type { StorageMode } from './model';
import { RESOURCE_TYPES } from './names';

/** Severity of a vulnerability, highest first. */
export const SEVERITIES = [
  'CRITICAL',
  'HIGH',
  'MEDIUM',
  'LOW',
  'UNKNOWN',
] as const;
/** Severity of a vulnerability. */
export type Severity = (typeof SEVERITIES)[number];

/** Health of an instance. */
export const HEALTH_STATUSES = ['UP', 'DEGRADED', 'DOWN', 'UNKNOWN'] as const;
/** Health of an instance. */
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

const isoDate = z.iso.datetime({ offset: true });

/** Where a vulnerable package of a container image comes from: its OS or an application library in it. */
export const IMAGE_PACKAGE_CLASSES = ['os', 'library'] as const;
/** Where a vulnerable package of a container image comes from. */
export type ImagePackageClass = (typeof IMAGE_PACKAGE_CLASSES)[number];

/** Value schemas of the well-known reading types (contract section 4); extra fields are kept. */
export const readingValueSchemas = {
  ownership: z.looseObject({
    team: z.string().min(1),
    contacts: z.array(z.string()).optional(),
  }),
  'tech-stack': z.looseObject({
    language: z.string().min(1),
    framework: z.string().optional(),
    runtime: z.string().optional(),
  }),
  'deployment-info': z.looseObject({
    version: z.string().min(1),
    image: z.string().optional(),
    awsAccountId: z.string().optional(),
    region: z.string().optional(),
    deployedAt: isoDate,
  }),
  'deployment-dependencies': z.looseObject({
    dependencies: z.array(z.string().startsWith('pkg:')),
  }),
  vulnerabilities: z.looseObject({
    items: z.array(
      z.looseObject({
        id: z.string().min(1),
        severity: z.enum(SEVERITIES),
        summary: z.string(),
        fixedIn: z.array(z.string()).optional(),
        /** Other ids of the same vulnerability (OSV `aliases`), e.g. the CVE of a GHSA advisory. */
        aliases: z.array(z.string().min(1)).optional(),
        /** CVSS base score (0.0 to 10.0) of the vector the severity was read from or stated beside. */
        score: z.number().min(0).max(10).optional(),
        /** The CVSS vector of `score`, e.g. `CVSS:3.1/AV:N/AC:L/...`. */
        cvss: z.string().optional(),
        /** Where `severity` comes from: the advisory database's own rating, or a CVSS score. */
        severitySource: z.enum(['DATABASE', 'CVSS']).optional(),
        /** A page describing the vulnerability. */
        url: z.string().optional(),
      }),
    ),
  }),
  /**
   * The "has a" link from a deployment to the container images it runs (every container,
   * sidecars included), by `ContainerImage` name, like `deployment-dependencies`.
   */
  'deployment-images': z.looseObject({
    images: z.array(z.string().min(1)),
  }),
  /**
   * Vulnerabilities found in a container image by a scanner. `source: "image"` marks them as
   * the image's own (its OS packages, and libraries baked into it) rather than a library
   * version's `vulnerabilities`; each item names the package and its `class`.
   */
  'image-vulnerabilities': z.looseObject({
    source: z.literal('image'),
    scanner: z.string().min(1),
    scannedAt: isoDate.optional(),
    digest: z.string().optional(),
    os: z.string().optional(),
    items: z.array(
      z.looseObject({
        id: z.string().min(1),
        severity: z.enum(SEVERITIES),
        summary: z.string(),
        fixedIn: z.array(z.string()).optional(),
        package: z.string().min(1),
        installedVersion: z.string().optional(),
        class: z.enum(IMAGE_PACKAGE_CLASSES),
        url: z.string().optional(),
        /** The package URL with version, when the scanner gives one ("who uses" matches on it). */
        purl: z.string().startsWith('pkg:').optional(),
      }),
    ),
  }),
  health: z.looseObject({ status: z.enum(HEALTH_STATUSES) }),
  'instance-info': z.looseObject({
    ip: z.string().optional(),
    host: z.string().optional(),
    startedAt: isoDate,
  }),
  'service-event': z.looseObject({
    kind: z.string().min(1),
    title: z.string().min(1),
    severity: z.string().optional(),
    resource: z.object({ type: z.string(), name: z.string() }).optional(),
  }),
  'jvm-runtime': z.looseObject({
    javaVersion: z.string().min(1),
    vendor: z.string().optional(),
    gc: z.string().optional(),
    jvmArgs: z.array(z.string()),
  }),
  'egress-dependencies': z.looseObject({
    upstreams: z.array(z.string().min(1)),
  }),
  'code-insights': CodeInsightsValueSchema,
  'collector-run': CollectorRunValueSchema,
} as const;

/** The names of the well-known reading types. */
export type WellKnownReadingType = keyof typeof readingValueSchemas;

/** The value type of a well-known reading type. */
export type ReadingValue<T extends WellKnownReadingType> = z.infer<
  (typeof readingValueSchemas)[T]
>;

/** Where each well-known reading type lives and how it is stored. */
export const READING_TYPES: Record<
  WellKnownReadingType,
  { resourceTypes: readonly string[]; storageMode: StorageMode }
> = {
  ownership: { resourceTypes: ['Service'], storageMode: 'SNAPSHOT' },
  'tech-stack': { resourceTypes: ['Service'], storageMode: 'SNAPSHOT' },
  'deployment-info': {
    resourceTypes: ['ServiceDeployment', 'LambdaDeployment'],
    storageMode: 'SNAPSHOT',
  },
  'deployment-dependencies': {
    resourceTypes: ['ServiceDeployment'],
    storageMode: 'SNAPSHOT',
  },
  vulnerabilities: {
    resourceTypes: ['SoftwareDependencyVersion'],
    storageMode: 'SNAPSHOT',
  },
  'deployment-images': {
    resourceTypes: ['ServiceDeployment', 'LambdaDeployment'],
    storageMode: 'SNAPSHOT',
  },
  'image-vulnerabilities': {
    resourceTypes: ['ContainerImage'],
    storageMode: 'SNAPSHOT',
  },
  health: { resourceTypes: ['ServiceInstance'], storageMode: 'SNAPSHOT' },
  'instance-info': {
    resourceTypes: ['ServiceInstance'],
    storageMode: 'SNAPSHOT',
  },
  'service-event': { resourceTypes: ['Service'], storageMode: 'TIME_SERIES' },
  'jvm-runtime': {
    resourceTypes: ['ServiceDeployment'],
    storageMode: 'SNAPSHOT',
  },
  'egress-dependencies': {
    resourceTypes: ['ServiceDeployment'],
    storageMode: 'SNAPSHOT',
  },
  'code-insights': { resourceTypes: ['Service'], storageMode: 'SNAPSHOT' },
  'collector-run': {
    resourceTypes: [RESOURCE_TYPES.Collector],
    storageMode: 'TIME_SERIES',
  },
};
