import { z } from 'zod';
import { CodeInsightsValueSchema } from './codeInsights';
import { CollectorRunValueSchema } from './collectorRuns';
import type { StorageMode } from './model';
import { RESOURCE_TYPES } from './names';

/** Severity of a vulnerability, highest first. */
export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const;
/** Severity of a vulnerability. */
export type Severity = (typeof SEVERITIES)[number];

/** Health of an instance. */
export const HEALTH_STATUSES = ['UP', 'DEGRADED', 'DOWN', 'UNKNOWN'] as const;
/** Health of an instance. */
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

const isoDate = z.iso.datetime({ offset: true });

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
    resource: z
      .object({ type: z.string(), name: z.string() })
      .optional(),
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
  health: { resourceTypes: ['ServiceInstance'], storageMode: 'SNAPSHOT' },
  'instance-info': { resourceTypes: ['ServiceInstance'], storageMode: 'SNAPSHOT' },
  'service-event': { resourceTypes: ['Service'], storageMode: 'TIME_SERIES' },
  'jvm-runtime': { resourceTypes: ['ServiceDeployment'], storageMode: 'SNAPSHOT' },
  'egress-dependencies': {
    resourceTypes: ['ServiceDeployment'],
    storageMode: 'SNAPSHOT',
  },
  'code-insights': { resourceTypes: ['Service'], storageMode: 'SNAPSHOT' },
  'collector-run': { resourceTypes: [RESOURCE_TYPES.Collector], storageMode: 'TIME_SERIES' },
};
