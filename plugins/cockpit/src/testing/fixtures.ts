import type {
  DependencyUsageResult,
  DeploymentVulnerabilitiesResult,
  FleetVulnerabilitiesResult,
  ServiceEventsResult,
  ServiceOverviewResult,
  SeverityCounts,
} from '@cockpit/plugin-cockpit-common';

/** Severity counts with zeros for the severities not given. */
export const severities = (
  counts: Partial<SeverityCounts> = {},
): SeverityCounts => ({
  CRITICAL: 0,
  HIGH: 0,
  MEDIUM: 0,
  LOW: 0,
  UNKNOWN: 0,
  ...counts,
});

/** A service overview as the BFF answers it for a small service. */
export function serviceOverview(): ServiceOverviewResult {
  const health = { UP: 2, DEGRADED: 1, DOWN: 0, UNKNOWN: 0, total: 3 };
  return {
    service: {
      id: 's-1',
      name: 'payment-service',
      createdOn: '2026-11-01T00:00:00.000Z',
      lastSeenOn: '2026-11-22T10:00:00.000Z',
    },
    ownership: { team: 'team-payments', contacts: ['payments@example.com'] },
    techStack: { language: 'java', framework: 'spring-boot', runtime: 'jvm' },
    deployments: [
      {
        id: 'd-prod',
        name: 'payment-service/production',
        environment: 'production',
        version: '1.4.2',
        deployedAt: '2026-11-20T09:00:00.000Z',
        image: 'registry/payment-service:1.4.2',
        region: 'eu-central-1',
        awsAccountId: null,
        jvmRuntime: {
          javaVersion: '21.0.5',
          vendor: 'Eclipse Adoptium',
          gc: 'G1',
          jvmArgs: [],
        },
        egressUpstreams: ['checkout-service'],
        health,
        vulnerabilities: severities({ CRITICAL: 1, HIGH: 2 }),
        dependencyCount: 40,
      },
    ],
    health,
    vulnerabilities: severities({ CRITICAL: 1, HIGH: 2 }),
    egressUpstreams: [
      {
        service: 'checkout-service',
        environments: ['production'],
        known: true,
      },
      {
        service: 'fraud-scoring',
        environments: ['production'],
        known: false,
      },
    ],
    instances: [
      {
        id: 'i-1',
        name: 'payment-service/production/i-0abc',
        instanceId: 'i-0abc',
        environment: 'production',
        deploymentId: 'd-prod',
        health: 'DEGRADED',
        healthCollectedAt: '2026-11-22T10:00:00.000Z',
        ip: '10.0.1.17',
        host: 'ip-10-0-1-17',
        startedAt: '2026-11-20T09:05:00.000Z',
        jvmRuntime: {
          javaVersion: '21.0.5',
          vendor: 'Eclipse Adoptium',
          gc: 'G1',
          jvmArgs: [],
        },
        lastSeenOn: '2026-11-22T10:00:00.000Z',
      },
    ],
  };
}

/** Service events in whatever range was asked for. */
export function serviceEvents(params: {
  from: string;
  to: string;
}): ServiceEventsResult {
  return {
    service: 'payment-service',
    from: params.from,
    to: params.to,
    truncated: false,
    countsByKind: { deployment: 1, incident: 1 },
    items: [
      {
        id: 'e-2',
        at: '2026-11-21T12:00:00.000Z',
        kind: 'incident',
        title: 'Card authorisations failing',
        severity: 'HIGH',
        resourceId: 's-1',
        resourceType: 'Service',
        resourceName: 'payment-service',
        subject: null,
        value: {
          kind: 'incident',
          title: 'Card authorisations failing',
          severity: 'HIGH',
        },
      },
      {
        id: 'e-1',
        at: '2026-11-20T09:00:00.000Z',
        kind: 'deployment',
        title: 'Deployed 1.4.2 to production',
        severity: null,
        resourceId: 's-1',
        resourceType: 'Service',
        resourceName: 'payment-service',
        subject: {
          type: 'ServiceDeployment',
          name: 'payment-service/production',
        },
        value: { kind: 'deployment', title: 'Deployed 1.4.2 to production' },
      },
    ],
  };
}

/** The vulnerabilities of the production deployment. */
export function deploymentVulnerabilities(): DeploymentVulnerabilitiesResult {
  return {
    deployment: {
      id: 'd-prod',
      name: 'payment-service/production',
      service: 'payment-service',
      environment: 'production',
    },
    dependencyCount: 40,
    images: [
      {
        name: '123456789012.dkr.ecr.eu-central-1.amazonaws.com/payment-service:1.4.2',
        scanned: true,
      },
    ],
    counts: severities({ CRITICAL: 1, HIGH: 2 }),
    countsByOrigin: {
      library: severities({ CRITICAL: 1, HIGH: 1 }),
      image: severities({ HIGH: 1 }),
    },
    items: [
      {
        id: 'v-1',
        name: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
        package: 'pkg:maven/org.apache.logging.log4j/log4j-core',
        version: '2.14.1',
        origin: { kind: 'library' },
        highestSeverity: 'CRITICAL',
        counts: severities({ CRITICAL: 1 }),
        advisories: [
          {
            id: 'GHSA-jfh8-c2jp-5v3q',
            severity: 'CRITICAL',
            summary: 'Remote code injection in Log4j',
            fixedIn: ['2.15.0'],
          },
        ],
      },
      {
        id: 'v-2',
        name: 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10',
        package: 'pkg:maven/com.fasterxml.jackson.core/jackson-databind',
        version: '2.9.10',
        origin: { kind: 'library' },
        highestSeverity: 'HIGH',
        counts: severities({ HIGH: 1 }),
        advisories: [
          {
            id: 'CVE-2020-36518',
            severity: 'HIGH',
            summary: 'Deeply nested JSON exhausts the stack',
            fixedIn: [],
          },
        ],
      },
      {
        id: 'img-1',
        name: 'pkg:deb/debian/openssl@3.0.11-1~deb12u2',
        package: 'openssl',
        version: '3.0.11-1~deb12u2',
        origin: {
          kind: 'image',
          image:
            '123456789012.dkr.ecr.eu-central-1.amazonaws.com/payment-service:1.4.2',
          class: 'os',
        },
        highestSeverity: 'HIGH',
        counts: severities({ HIGH: 1 }),
        advisories: [
          {
            id: 'CVE-2024-5535',
            severity: 'HIGH',
            summary: 'openssl: SSL_select_next_proto buffer overread',
            fixedIn: ['3.0.14-1~deb12u1'],
          },
        ],
      },
    ],
  };
}

/** Who uses log4j-core 2.14.1. */
export function dependencyUsage(): DependencyUsageResult {
  const item = (service: string, environment: string) => ({
    deploymentId: `${service}/${environment}`,
    deployment: `${service}/${environment}`,
    service,
    environment,
    version: '2.14.1',
    versionName: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
    origin: { kind: 'library' as const },
    vulnerabilities: severities({ CRITICAL: 1 }),
  });
  return {
    package: 'pkg:maven/org.apache.logging.log4j/log4j-core',
    version: '2.14.1',
    items: [
      item('checkout-service', 'production'),
      item('payment-service', 'production'),
      item('payment-service', 'staging'),
    ],
    versions: [{ version: '2.14.1', deployments: 3 }],
    serviceCount: 2,
  };
}

/** Fleet-wide vulnerabilities of a small fleet. */
export function fleetVulnerabilities(): FleetVulnerabilitiesResult {
  return {
    counts: severities({ CRITICAL: 3, HIGH: 5, LOW: 1 }),
    countsByOrigin: {
      library: severities({ CRITICAL: 3, HIGH: 3, LOW: 1 }),
      image: severities({ HIGH: 2 }),
    },
    advisories: severities({ CRITICAL: 1, HIGH: 2, LOW: 1 }),
    affectedServices: 2,
    affectedDeployments: 4,
    services: [
      {
        service: 'payment-service',
        counts: severities({ CRITICAL: 2, HIGH: 3 }),
        total: 5,
        highestSeverity: 'CRITICAL',
      },
    ],
    packages: [
      {
        package: 'pkg:maven/org.apache.logging.log4j/log4j-core',
        origin: { kind: 'library' },
        versions: ['2.14.1'],
        deployments: 3,
        services: 2,
        highestSeverity: 'CRITICAL',
        advisories: ['GHSA-jfh8-c2jp-5v3q'],
      },
      {
        package: 'openssl',
        origin: {
          kind: 'image',
          class: 'os',
          images: [
            '123456789012.dkr.ecr.eu-central-1.amazonaws.com/payment-service:1.4.2',
            '123456789012.dkr.ecr.eu-central-1.amazonaws.com/payment-service:1.4.1',
          ],
        },
        versions: ['3.0.11-1~deb12u2'],
        deployments: 2,
        services: 1,
        highestSeverity: 'HIGH',
        advisories: ['CVE-2024-5535'],
      },
    ],
  };
}
