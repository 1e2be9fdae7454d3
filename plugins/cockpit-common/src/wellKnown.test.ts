import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { names, RESOURCE_NAME_RULES, resourceNameProblem } from './names';
import { READING_TYPES } from './readingTypes';
import { wellKnownMessageProblems } from './wellKnown';
import { PublishBatchSchema, publishBatchJsonSchema } from './wire';

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const validateJsonSchema = ajv.compile(publishBatchJsonSchema());

/** The zod side: the wire schema, then the well-known rules the SDK enforces. */
function acceptedByZod(batch: unknown): boolean {
  const parsed = PublishBatchSchema.safeParse(batch);
  if (!parsed.success) return false;
  return (batch as { messages: any[] }).messages.every(
    message => wellKnownMessageProblems(message).length === 0,
  );
}

const batchOf = (...messages: unknown[]) => ({
  schemaVersion: 1,
  collector: 'corpus',
  messages,
});
const reading = (
  type: string,
  resource: { type: string; name: string },
  value: unknown,
  extra: Record<string, unknown> = {},
) => ({ kind: 'reading', type, resource, value, ...extra });
const service = { type: 'Service', name: 'payments' };
const deployment = { type: 'ServiceDeployment', name: 'payments/prod' };
const instance = { type: 'ServiceInstance', name: 'payments/prod/i-1' };
const collector = { type: 'Collector', name: 'github' };
const image = {
  type: 'ContainerImage',
  name: 'docker.io/library/nginx:1.27',
};
const version = {
  type: 'SoftwareDependencyVersion',
  name: 'pkg:npm/express@4.18.2',
};
const at = '2026-11-22T10:00:00Z';

/** [what, message, accepted]: every well-known type has valid and invalid examples. */
const corpus: Array<[string, unknown, boolean]> = [
  [
    'a custom resource named freely',
    { kind: 'resource', type: 'Queue', name: 'a/b c/ d ' },
    true,
  ],
  ['a Service', { kind: 'resource', type: 'Service', name: 'payments' }, true],
  [
    'a Service named with a slash',
    { kind: 'resource', type: 'Service', name: 'payments/api' },
    false,
  ],
  [
    'a Service named with surrounding spaces',
    { kind: 'resource', type: 'Service', name: ' payments' },
    false,
  ],
  [
    'a ServiceDeployment with its parent',
    { kind: 'resource', ...deployment, parent: service },
    true,
  ],
  [
    'a ServiceDeployment of one segment',
    { kind: 'resource', type: 'ServiceDeployment', name: 'payments' },
    false,
  ],
  [
    'a ServiceDeployment with an empty segment',
    { kind: 'resource', type: 'ServiceDeployment', name: 'payments/' },
    false,
  ],
  [
    'a parent Service named with a slash',
    {
      kind: 'resource',
      ...deployment,
      parent: { type: 'Service', name: 'a/b' },
    },
    false,
  ],
  ['a null parent', { kind: 'resource', ...service, parent: null }, true],
  [
    'a ServiceInstance',
    { kind: 'resource', ...instance, parent: deployment },
    true,
  ],
  [
    'a ServiceInstance of four segments',
    { kind: 'resource', type: 'ServiceInstance', name: 'a/b/c/d' },
    false,
  ],
  [
    'a LambdaDeployment',
    {
      kind: 'resource',
      type: 'LambdaDeployment',
      name: 'resize/qa',
      parent: { type: 'Lambda', name: 'resize' },
    },
    true,
  ],
  [
    'an RdsInstance',
    { kind: 'resource', type: 'RdsInstance', name: 'prod/orders-db' },
    true,
  ],
  [
    'an RdsInstance without environment',
    { kind: 'resource', type: 'RdsInstance', name: 'orders-db' },
    false,
  ],
  [
    'a SoftwareDependency',
    {
      kind: 'resource',
      type: 'SoftwareDependency',
      name: 'pkg:npm/%40babel/core',
    },
    true,
  ],
  [
    'a SoftwareDependency with a version',
    {
      kind: 'resource',
      type: 'SoftwareDependency',
      name: 'pkg:npm/express@4.18.2',
    },
    false,
  ],
  [
    'a SoftwareDependency that is no package URL',
    { kind: 'resource', type: 'SoftwareDependency', name: 'express' },
    false,
  ],
  [
    'a SoftwareDependencyVersion',
    {
      kind: 'resource',
      ...version,
      parent: { type: 'SoftwareDependency', name: 'pkg:npm/express' },
    },
    true,
  ],
  [
    'a SoftwareDependencyVersion without version',
    {
      kind: 'resource',
      type: 'SoftwareDependencyVersion',
      name: 'pkg:npm/express',
    },
    false,
  ],
  [
    'a custom reading on a custom resource',
    reading('cost', { type: 'Account', name: 'x/y' }, [1, 'a', null]),
    true,
  ],
  [
    'a custom reading on a badly named Service',
    reading('cost', { type: 'Service', name: 'a/b' }, 1),
    false,
  ],
  [
    'ownership',
    reading('ownership', service, {
      team: 'payments-team',
      contacts: ['a@b.c'],
      extra: 1,
    }),
    true,
  ],
  [
    'ownership with an empty team',
    reading('ownership', service, { team: '' }),
    false,
  ],
  [
    'ownership on a ServiceDeployment',
    reading('ownership', deployment, { team: 't' }),
    false,
  ],
  [
    'ownership stored as TIME_SERIES',
    reading(
      'ownership',
      service,
      { team: 't' },
      { storageMode: 'TIME_SERIES' },
    ),
    false,
  ],
  [
    'tech-stack',
    reading('tech-stack', service, { language: 'java', framework: 'spring' }),
    true,
  ],
  [
    'tech-stack without language',
    reading('tech-stack', service, { framework: 'spring' }),
    false,
  ],
  [
    'deployment-info',
    reading('deployment-info', deployment, {
      version: '1.2.3',
      deployedAt: at,
    }),
    true,
  ],
  [
    'deployment-info on a LambdaDeployment',
    reading(
      'deployment-info',
      { type: 'LambdaDeployment', name: 'f/qa' },
      { version: '1', deployedAt: at },
    ),
    true,
  ],
  [
    'deployment-info with a date that is not ISO',
    reading('deployment-info', deployment, {
      version: '1',
      deployedAt: 'yesterday',
    }),
    false,
  ],
  [
    'deployment-dependencies',
    reading('deployment-dependencies', deployment, {
      dependencies: ['pkg:npm/express@4.18.2'],
    }),
    true,
  ],
  [
    'deployment-dependencies that are no package URLs',
    reading('deployment-dependencies', deployment, {
      dependencies: ['express'],
    }),
    false,
  ],
  [
    'vulnerabilities',
    reading('vulnerabilities', version, {
      items: [
        { id: 'GHSA-1', severity: 'HIGH', summary: 's', fixedIn: ['4.19.0'] },
      ],
    }),
    true,
  ],
  [
    'vulnerabilities of an unknown severity',
    reading('vulnerabilities', version, {
      items: [{ id: 'GHSA-1', severity: 'SEVERE', summary: 's' }],
    }),
    false,
  ],
  [
    'health',
    reading('health', instance, { status: 'UP' }, { storageMode: 'SNAPSHOT' }),
    true,
  ],
  [
    'health of an unknown status',
    reading('health', instance, { status: 'FINE' }),
    false,
  ],
  ['health on a Service', reading('health', service, { status: 'UP' }), false],
  [
    'instance-info',
    reading('instance-info', instance, { startedAt: at, host: 'h' }),
    true,
  ],
  [
    'instance-info without startedAt',
    reading('instance-info', instance, { host: 'h' }),
    false,
  ],
  [
    'service-event',
    reading(
      'service-event',
      service,
      { kind: 'deployment', title: 'v2' },
      { storageMode: 'TIME_SERIES', collectedAt: at },
    ),
    true,
  ],
  [
    'service-event without storageMode (it would land as a SNAPSHOT)',
    reading('service-event', service, { kind: 'deployment', title: 'v2' }),
    false,
  ],
  [
    'service-event without title',
    reading(
      'service-event',
      service,
      { kind: 'deployment' },
      { storageMode: 'TIME_SERIES' },
    ),
    false,
  ],
  [
    'jvm-runtime',
    reading('jvm-runtime', deployment, {
      javaVersion: '21',
      jvmArgs: ['-Xmx1g'],
    }),
    true,
  ],
  [
    'jvm-runtime without jvmArgs',
    reading('jvm-runtime', deployment, { javaVersion: '21' }),
    false,
  ],
  [
    'egress-dependencies',
    reading('egress-dependencies', deployment, { upstreams: ['ledger'] }),
    true,
  ],
  [
    'egress-dependencies with an empty upstream',
    reading('egress-dependencies', deployment, { upstreams: [''] }),
    false,
  ],
  [
    'deployment-images',
    reading('deployment-images', deployment, {
      images: ['docker.io/library/nginx:1.27'],
    }),
    true,
  ],
  [
    'deployment-images with an empty image',
    reading('deployment-images', deployment, { images: [''] }),
    false,
  ],
  [
    'image-vulnerabilities',
    reading('image-vulnerabilities', image, {
      source: 'image',
      scanner: 'trivy',
      items: [
        {
          id: 'CVE-2024-0001',
          severity: 'HIGH',
          summary: 'openssl',
          package: 'openssl',
          class: 'os',
        },
      ],
    }),
    true,
  ],
  [
    'image-vulnerabilities with an item of no class',
    reading('image-vulnerabilities', image, {
      source: 'image',
      scanner: 'trivy',
      items: [
        { id: 'CVE-2024-0001', severity: 'HIGH', summary: '', package: 'x' },
      ],
    }),
    false,
  ],
  [
    'code-insights',
    reading('code-insights', service, {
      repository: 'acme/payments',
      defaultBranch: 'main',
      pullRequests: {
        open: 0,
        oldestOpenedAt: null,
        medianAgeDays: null,
        items: [],
      },
      contributors: { windowDays: 90, count: 1, commits: 3, items: [] },
      lastCommit: null,
      branchProtection: { protected: true },
      languages: [{ name: 'TypeScript', bytes: 1200, share: 1 }],
    }),
    true,
  ],
  [
    'code-insights without branchProtection',
    reading('code-insights', service, {
      repository: 'acme/payments',
      defaultBranch: 'main',
      pullRequests: {
        open: 0,
        oldestOpenedAt: null,
        medianAgeDays: null,
        items: [],
      },
      contributors: { windowDays: 90, count: 0, commits: 0, items: [] },
      lastCommit: null,
      languages: [],
    }),
    false,
  ],
  [
    'collector-run',
    reading(
      'collector-run',
      collector,
      {
        runId: 'r-1',
        startedAt: at,
        finishedAt: at,
        status: 'OK',
        messages: 10,
        batches: 1,
      },
      { storageMode: 'TIME_SERIES', collectedAt: at },
    ),
    true,
  ],
  [
    'collector-run with an unknown status',
    reading(
      'collector-run',
      collector,
      {
        runId: 'r-1',
        startedAt: at,
        finishedAt: at,
        status: 'PARTIAL',
        messages: 10,
        batches: 1,
      },
      { storageMode: 'TIME_SERIES', collectedAt: at },
    ),
    false,
  ],
  [
    'a well-known reading whose value is not an object',
    reading('health', instance, 'UP'),
    false,
  ],
];

describe('the published JSON Schema and the zod schemas', () => {
  it.each(corpus)('agree on %s', (_what, message, accepted) => {
    const batch = batchOf(message);

    expect({
      zod: acceptedByZod(batch),
      jsonSchema: validateJsonSchema(batch),
    }).toEqual({
      zod: accepted,
      jsonSchema: accepted,
    });
  });

  it.each(Object.keys(READING_TYPES))(
    'agree that a %s reading on a resource of an unknown type is refused',
    type => {
      const batch = batchOf(reading(type, { type: 'Nowhere', name: 'x' }, {}));

      expect({
        zod: acceptedByZod(batch),
        jsonSchema: validateJsonSchema(batch),
      }).toEqual({
        zod: false,
        jsonSchema: false,
      });
    },
  );

  it('hold an example of every well-known reading type, valid and invalid (add one for a new type)', () => {
    const covered = (valid: boolean) =>
      new Set(
        corpus
          .filter(([, , ok]) => ok === valid)
          .map(([, m]) => (m as { type: string }).type),
      );

    for (const type of Object.keys(READING_TYPES)) {
      expect({
        type,
        valid: covered(true).has(type),
        invalid: covered(false).has(type),
      }).toEqual({
        type,
        valid: true,
        invalid: true,
      });
    }
  });
});

describe('wellKnownMessageProblems', () => {
  it('names each failing field under the prefix', () => {
    const problems = wellKnownMessageProblems(
      reading('ownership', deployment, { team: '' }) as any,
      'messages.2',
    );

    expect(problems).toEqual([
      {
        field: 'messages.2.resource.type',
        message: '"ownership" belongs on Service',
      },
      {
        field: 'messages.2.value.team',
        message: expect.stringContaining('Too small'),
      },
    ]);
  });

  it('says that an absent storage mode means SNAPSHOT', () => {
    const problems = wellKnownMessageProblems(
      reading('service-event', service, { kind: 'k', title: 't' }) as any,
    );

    expect(problems).toEqual([
      {
        field: 'storageMode',
        message:
          '"service-event" is stored as TIME_SERIES (an absent storageMode means SNAPSHOT)',
      },
    ]);
  });
});

describe('resource name rules', () => {
  const segments = [
    'a',
    'payment-service',
    'a b',
    'ü',
    '',
    ' a',
    'a ',
    'a/b',
    '\ta',
    'a\n',
    '/',
  ];

  it.each(segments)(
    'agree with the name helpers on the segment %j',
    segment => {
      let built: string | undefined;
      try {
        built = names.service({ service: segment });
      } catch {
        built = undefined;
      }

      expect(
        resourceNameProblem({ type: 'Service', name: segment }) === undefined,
      ).toBe(built !== undefined);
      expect(
        new RegExp(RESOURCE_NAME_RULES.Service.pattern, 'u').test(segment),
      ).toBe(built !== undefined);
    },
  );

  it('accept the package URLs the name helpers build', () => {
    const ref = {
      type: 'maven',
      namespace: 'org.apache.logging.log4j',
      name: 'log4j-core',
      version: '2.14.1',
    };
    const scoped = {
      type: 'npm',
      namespace: '@babel',
      name: 'core',
      version: '7.0.0-beta.1',
    };
    for (const parts of [ref, scoped]) {
      expect(
        resourceNameProblem({
          type: 'SoftwareDependency',
          name: names.softwareDependency(parts),
        }),
      ).toBeUndefined();
      expect(
        resourceNameProblem({
          type: 'SoftwareDependencyVersion',
          name: names.softwareDependencyVersion(parts),
        }),
      ).toBeUndefined();
    }
  });

  it('explain the form a name must have', () => {
    expect(resourceNameProblem({ type: 'Service', name: 'payments/api' })).toBe(
      'a Service is named <service> (each part non-empty, without "/" and without surrounding whitespace), not "payments/api"',
    );
  });
});

describe('the ContainerImage name rule', () => {
  it.each([
    'nginx',
    'nginx:1.27',
    'ghcr.io/acme/payments-api:2.3.1',
    'localhost:5000/team/app__x:v1',
    '123456789012.dkr.ecr.eu-west-1.amazonaws.com/payments/api:1.77.5',
    `registry.example.com/app@sha256:${'a'.repeat(64)}`,
  ])('accepts the name the helper builds from %s', reference => {
    const name = names.containerImage({ image: reference });
    expect(
      resourceNameProblem({ type: 'ContainerImage', name }),
    ).toBeUndefined();
  });

  it.each([
    'nginx:1.27',
    'docker.io/library/nginx',
    'Docker.io/library/NGINX:1',
  ])('refuses %s, which is not a normalised reference', name => {
    expect(resourceNameProblem({ type: 'ContainerImage', name })).toMatch(
      /a ContainerImage is named a normalised image reference/,
    );
  });
});
