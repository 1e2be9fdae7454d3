// Long because it is a data table (the demo catalogue of real packages, versions and advisories,
// and the words of internal library names), with no logic: each entry is read on its own.
import type { Severity } from '@cockpit/plugin-cockpit-common';

/** A known advisory of one package version (real advisories, for realistic demo data). */
export interface KnownAdvisory {
  id: string;
  severity: Severity;
  summary: string;
  fixedIn: string[];
}

/** A package of the demo catalogue with the versions services use, oldest first. */
export interface DemoPackage {
  ecosystem: 'maven' | 'npm' | 'golang';
  namespace?: string;
  name: string;
  versions: string[];
  /** Advisories by version. */
  advisories?: Record<string, KnownAdvisory[]>;
}

const LOG4SHELL: KnownAdvisory = {
  id: 'CVE-2021-44228',
  severity: 'CRITICAL',
  summary:
    'Apache Log4j2 JNDI features do not protect against attacker controlled LDAP and other JNDI related endpoints (Log4Shell)',
  fixedIn: ['2.15.0'],
};

/**
 * Real packages with real versions and advisories: the part of the demo fleet a reader
 * recognises (log4j-core 2.14.1 and Log4Shell, Spring4Shell, lodash prototype pollution...).
 */
export const KNOWN_PACKAGES: readonly DemoPackage[] = [
  {
    ecosystem: 'maven',
    namespace: 'org.apache.logging.log4j',
    name: 'log4j-core',
    versions: ['2.14.1', '2.16.0', '2.17.0', '2.17.1', '2.20.0'],
    advisories: {
      '2.14.1': [
        LOG4SHELL,
        {
          id: 'CVE-2021-45046',
          severity: 'CRITICAL',
          summary:
            'Apache Log4j2 Thread Context Lookup Pattern vulnerable to remote code execution in certain non-default configurations',
          fixedIn: ['2.16.0', '2.12.2'],
        },
      ],
      '2.16.0': [
        {
          id: 'CVE-2021-45105',
          severity: 'HIGH',
          summary:
            'Apache Log4j2 does not always protect from infinite recursion in lookup evaluation',
          fixedIn: ['2.17.0'],
        },
      ],
      '2.17.0': [
        {
          id: 'CVE-2021-44832',
          severity: 'MEDIUM',
          summary:
            'Apache Log4j2 vulnerable to remote code execution via JDBC Appender when an attacker controls the configuration',
          fixedIn: ['2.17.1'],
        },
      ],
    },
  },
  {
    ecosystem: 'maven',
    namespace: 'com.fasterxml.jackson.core',
    name: 'jackson-databind',
    versions: ['2.9.10.8', '2.13.4.2', '2.15.3'],
    advisories: {
      '2.9.10.8': [
        {
          id: 'CVE-2020-36518',
          severity: 'HIGH',
          summary:
            'Deeply nested json in jackson-databind allows a denial of service',
          fixedIn: ['2.12.6.1', '2.13.2.1'],
        },
      ],
    },
  },
  {
    ecosystem: 'maven',
    namespace: 'org.springframework',
    name: 'spring-beans',
    versions: ['5.3.17', '5.3.31', '6.0.13'],
    advisories: {
      '5.3.17': [
        {
          id: 'CVE-2022-22965',
          severity: 'CRITICAL',
          summary:
            'Remote code execution in Spring Framework via data binding on JDK 9+ (Spring4Shell)',
          fixedIn: ['5.3.18', '5.2.20'],
        },
      ],
    },
  },
  {
    ecosystem: 'maven',
    namespace: 'org.yaml',
    name: 'snakeyaml',
    versions: ['1.30', '1.33', '2.2'],
    advisories: {
      '1.30': [
        {
          id: 'CVE-2022-1471',
          severity: 'HIGH',
          summary:
            'SnakeYaml Constructor deserialization allows remote code execution',
          fixedIn: ['2.0'],
        },
      ],
      '1.33': [
        {
          id: 'CVE-2022-1471',
          severity: 'HIGH',
          summary:
            'SnakeYaml Constructor deserialization allows remote code execution',
          fixedIn: ['2.0'],
        },
      ],
    },
  },
  {
    ecosystem: 'maven',
    namespace: 'org.apache.commons',
    name: 'commons-text',
    versions: ['1.9', '1.10.0'],
    advisories: {
      '1.9': [
        {
          id: 'CVE-2022-42889',
          severity: 'CRITICAL',
          summary:
            'Apache Commons Text variable interpolation allows remote code execution (Text4Shell)',
          fixedIn: ['1.10.0'],
        },
      ],
    },
  },
  {
    ecosystem: 'maven',
    namespace: 'io.netty',
    name: 'netty-codec-http',
    versions: ['4.1.68.Final', '4.1.100.Final'],
    advisories: {
      '4.1.68.Final': [
        {
          id: 'CVE-2021-43797',
          severity: 'MEDIUM',
          summary:
            'Netty does not validate header names, enabling HTTP request smuggling',
          fixedIn: ['4.1.71.Final'],
        },
      ],
    },
  },
  {
    ecosystem: 'maven',
    namespace: 'ch.qos.logback',
    name: 'logback-classic',
    versions: ['1.2.3', '1.4.14'],
    advisories: {
      '1.2.3': [
        {
          id: 'CVE-2023-6378',
          severity: 'HIGH',
          summary:
            'logback receiver component is vulnerable to a denial of service through serialization',
          fixedIn: ['1.2.13', '1.3.12', '1.4.12'],
        },
      ],
    },
  },
  {
    ecosystem: 'maven',
    namespace: 'org.postgresql',
    name: 'postgresql',
    versions: ['42.3.2', '42.6.0'],
    advisories: {
      '42.3.2': [
        {
          id: 'CVE-2022-31197',
          severity: 'HIGH',
          summary:
            'PostgreSQL JDBC Driver SQL injection in ResultSet.refreshRow() with malicious column names',
          fixedIn: ['42.3.7', '42.4.1'],
        },
      ],
    },
  },
  {
    ecosystem: 'maven',
    namespace: 'org.springframework.boot',
    name: 'spring-boot-starter-web',
    versions: ['2.6.4', '2.7.18', '3.1.5'],
  },
  {
    ecosystem: 'maven',
    namespace: 'io.micrometer',
    name: 'micrometer-core',
    versions: ['1.10.2', '1.11.5'],
  },
  {
    ecosystem: 'maven',
    namespace: 'com.zaxxer',
    name: 'HikariCP',
    versions: ['4.0.3', '5.0.1'],
  },
  {
    ecosystem: 'maven',
    namespace: 'org.apache.kafka',
    name: 'kafka-clients',
    versions: ['3.4.0', '3.6.0'],
  },
  {
    ecosystem: 'maven',
    namespace: 'software.amazon.awssdk',
    name: 's3',
    versions: ['2.20.162', '2.21.29'],
  },
  {
    ecosystem: 'maven',
    namespace: 'org.hibernate.orm',
    name: 'hibernate-core',
    versions: ['6.2.13.Final', '6.4.0.Final'],
  },
  {
    ecosystem: 'npm',
    name: 'lodash',
    versions: ['4.17.20', '4.17.21'],
    advisories: {
      '4.17.20': [
        {
          id: 'CVE-2021-23337',
          severity: 'HIGH',
          summary: 'Command injection in lodash template',
          fixedIn: ['4.17.21'],
        },
      ],
    },
  },
  {
    ecosystem: 'npm',
    name: 'minimist',
    versions: ['1.2.5', '1.2.8'],
    advisories: {
      '1.2.5': [
        {
          id: 'CVE-2021-44906',
          severity: 'CRITICAL',
          summary: 'Prototype pollution in minimist',
          fixedIn: ['1.2.6'],
        },
      ],
    },
  },
  {
    ecosystem: 'npm',
    name: 'express',
    versions: ['4.17.1', '4.19.2', '4.21.1'],
    advisories: {
      '4.17.1': [
        {
          id: 'CVE-2024-29041',
          severity: 'MEDIUM',
          summary: 'Express.js open redirect in malformed URLs',
          fixedIn: ['4.19.2', '5.0.0-beta.3'],
        },
      ],
    },
  },
  {
    ecosystem: 'npm',
    name: 'axios',
    versions: ['0.21.1', '1.6.2'],
    advisories: {
      '0.21.1': [
        {
          id: 'CVE-2021-3749',
          severity: 'HIGH',
          summary: 'Inefficient regular expression complexity in axios',
          fixedIn: ['0.21.2'],
        },
      ],
    },
  },
  {
    ecosystem: 'npm',
    name: 'jsonwebtoken',
    versions: ['8.5.1', '9.0.2'],
    advisories: {
      '8.5.1': [
        {
          id: 'CVE-2022-23529',
          severity: 'HIGH',
          summary:
            'jsonwebtoken unrestricted key type could lead to legacy keys usage',
          fixedIn: ['9.0.0'],
        },
      ],
    },
  },
  {
    ecosystem: 'npm',
    name: 'node-fetch',
    versions: ['2.6.1', '2.7.0'],
    advisories: {
      '2.6.1': [
        {
          id: 'CVE-2022-0235',
          severity: 'HIGH',
          summary: 'node-fetch forwards secure headers to untrusted sites',
          fixedIn: ['2.6.7', '3.1.1'],
        },
      ],
    },
  },
  { ecosystem: 'npm', name: 'pg', versions: ['8.7.1', '8.11.3'] },
  { ecosystem: 'npm', name: 'knex', versions: ['2.5.1', '3.0.1'] },
  { ecosystem: 'npm', name: 'zod', versions: ['3.21.4', '3.22.4'] },
  { ecosystem: 'npm', name: 'pino', versions: ['8.16.2', '8.17.1'] },
  {
    ecosystem: 'npm',
    namespace: '@aws-sdk',
    name: 'client-s3',
    versions: ['3.400.0', '3.454.0'],
  },
  {
    ecosystem: 'golang',
    namespace: 'github.com/gin-gonic',
    name: 'gin',
    versions: ['v1.9.0', 'v1.9.1'],
    advisories: {
      'v1.9.0': [
        {
          id: 'CVE-2023-29401',
          severity: 'MEDIUM',
          summary:
            'Gin allows a filename in Content-Disposition to be manipulated',
          fixedIn: ['v1.9.1'],
        },
      ],
    },
  },
  {
    ecosystem: 'golang',
    namespace: 'github.com/aws/aws-sdk-go-v2/service',
    name: 's3',
    versions: ['v1.40.0', 'v1.47.0'],
  },
  {
    ecosystem: 'golang',
    namespace: 'github.com/jackc',
    name: 'pgx',
    versions: ['v4.18.1', 'v4.18.2'],
  },
];

/** The words internal library names are made of (`com.acme.platform/acme-billing-client`). */
export const INTERNAL_LIBRARY_WORDS = [
  'billing',
  'auth',
  'tracing',
  'metrics',
  'config',
  'events',
  'money',
  'i18n',
  'feature-flags',
  'http',
  'kafka',
  'cache',
  'audit',
  'pricing',
  'search',
  'storage',
  'identity',
  'logging',
  'scheduler',
  'rules',
  'geo',
  'media',
  'notifications',
  'orders',
  'ledger',
  'catalogue',
];

/** Suffixes of internal library names. */
export const INTERNAL_LIBRARY_KINDS = [
  'client',
  'core',
  'starter',
  'model',
  'testing',
  'sdk',
];
