import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  DescribeImageScanFindingsCommand,
  ECRClient,
} from '@aws-sdk/client-ecr';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import {
  answerFromRecordings,
  loadAwsRecordings,
  runCollectorForTest,
} from '@cockpit/collector-sdk';
import { containerImagesCollector } from './containerImages';

/** What the collector published, without the runner's record of the run (contract section 8). */
const dataMessages = (messages: ReadonlyArray<{ type: string }>) =>
  messages.filter(m => m.type !== 'Collector' && m.type !== 'collector-run');

const fixtures = resolve(__dirname, '__fixtures__');
const trivyDirectory = join(fixtures, 'trivy');
const recordings = loadAwsRecordings(join(fixtures, 'ecr.json'));
const ecrMock = mockClient(ECRClient);
const s3Mock = mockClient(S3Client);
const ecrCalls: any[] = [];
const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const PAYMENT = `${ECR}/payment-service:1.77.5`;
const now = () => new Date('2026-12-02T06:30:00.000Z');

function items(
  publisher: {
    reading(type: string, resource: string): { value: unknown } | undefined;
  },
  image: string,
) {
  return (
    publisher.reading('image-vulnerabilities', image)?.value as {
      items: { id: string; package: string; class: string }[];
    }
  ).items;
}

describe('containerImagesCollector', () => {
  beforeEach(() => {
    ecrMock.reset();
    s3Mock.reset();
    ecrCalls.length = 0;
    ecrMock.on(DescribeImageScanFindingsCommand).callsFake(input => {
      ecrCalls.push({ ...input });
      return answerFromRecordings(
        recordings,
        'DescribeImageScanFindings',
        input,
      ) as any;
    });
  });

  it('reads the vulnerabilities of each image from its Trivy report, OS packages and libraries marked apart', async () => {
    const { publisher } = await runCollectorForTest({
      collector: containerImagesCollector,
      config: { trivy: { directory: trivyDirectory } },
      now,
    });

    expect(
      publisher
        .resources('ContainerImage')
        .map(r => r.name)
        .sort(),
    ).toEqual([
      `${ECR}/orders-service:3.2.1`,
      PAYMENT,
      'docker.io/datadog/agent:7.52.0',
    ]);
    const reading = publisher.expectReading({
      type: 'image-vulnerabilities',
      resource: PAYMENT,
      value: {
        source: 'image',
        scanner: 'trivy',
        os: 'debian 12.7',
        digest:
          'sha256:9f2b7c4e1d0a3b5c6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5',
        scannedAt: '2026-12-01T22:14:05.481Z',
      },
    });
    expect(reading.collectedAt).toBe('2026-12-01T22:14:05.481Z');
    expect(items(publisher, PAYMENT)).toEqual([
      expect.objectContaining({
        id: 'CVE-2024-45490',
        severity: 'CRITICAL',
        package: 'libexpat1',
        installedVersion: '2.5.0-1',
        fixedIn: ['2.5.0-1+deb12u1'],
        class: 'os',
      }),
      expect.objectContaining({
        id: 'CVE-2024-2511',
        package: 'libssl3',
        class: 'os',
      }),
      expect.objectContaining({
        id: 'CVE-2024-2511',
        package: 'openssl',
        class: 'os',
      }),
      expect.objectContaining({
        id: 'CVE-2024-21538',
        package: 'cross-spawn',
        fixedIn: ['7.0.5', '6.0.6'],
        class: 'library',
        purl: 'pkg:npm/cross-spawn@7.0.3',
      }),
    ]);
    // a clean image is published too: its empty list replaces an older scan's findings
    publisher.expectReading({
      type: 'image-vulnerabilities',
      resource: 'docker.io/datadog/agent:7.52.0',
      value: { items: [] },
    });
  });

  it('skips a report that is not JSON, not Trivy or not an image, and still publishes the others', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'cockpit-trivy-'));
    copyFileSync(
      join(trivyDirectory, 'orders-service-3.2.1.json'),
      join(directory, 'orders.json'),
    );
    writeFileSync(
      join(directory, 'truncated.json'),
      '{"SchemaVersion": 2, "Artifact',
    );
    writeFileSync(
      join(directory, 'v1.json'),
      JSON.stringify({ SchemaVersion: 1, ArtifactName: 'x' }),
    );
    copyFileSync(
      join(trivyDirectory, 'repository-scan.json'),
      join(directory, 'repo.json'),
    );
    const warnings: string[] = [];

    const { publisher } = await runCollectorForTest({
      collector: {
        ...containerImagesCollector,
        collect: ctx =>
          containerImagesCollector.collect({
            ...ctx,
            logger: { ...ctx.logger, warn: (m: string) => warnings.push(m) },
          }),
      },
      config: { trivy: { directory } },
      now,
    });

    expect(publisher.resources('ContainerImage').map(r => r.name)).toEqual([
      `${ECR}/orders-service:3.2.1`,
    ]);
    expect(dataMessages(publisher.messages)).toHaveLength(2);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^Trivy report repo.json skipped: it describes a repository \("\."\), not a container image$/,
      ),
      expect.stringMatching(/^Trivy report truncated.json is not JSON: /),
      expect.stringMatching(
        /^Trivy report v1.json is not a Trivy JSON report \(SchemaVersion 2\): report.SchemaVersion/,
      ),
    ]);
  });

  it('reads every page of an image scan in ECR, basic and enhanced findings alike', async () => {
    const { publisher } = await runCollectorForTest({
      collector: containerImagesCollector,
      config: { ecr: {}, images: [PAYMENT, `${ECR}/orders-service:3.2.1`] },
      now,
    });

    expect(
      ecrCalls
        .filter(c => c.repositoryName === 'payment-service')
        .map(c => c.nextToken),
    ).toEqual([undefined, 'ZW5oYW5jZWQtcGFnZS0y']);
    expect(items(publisher, PAYMENT)).toEqual([
      expect.objectContaining({
        id: 'CVE-2024-45490',
        severity: 'CRITICAL',
        package: 'libexpat1',
        installedVersion: '2.5.0-1',
        class: 'os',
      }),
      expect.objectContaining({
        id: 'CVE-2024-21538',
        severity: 'HIGH',
        package: 'cross-spawn',
        fixedIn: ['7.0.5'],
        class: 'library',
      }),
    ]);
    const orders = publisher.expectReading({
      type: 'image-vulnerabilities',
      resource: `${ECR}/orders-service:3.2.1`,
      value: {
        scanner: 'ecr',
        items: [
          {
            id: 'CVE-2024-9143',
            severity: 'MEDIUM',
            package: 'openssl',
            class: 'os',
          },
          { id: 'CVE-2023-4039', severity: 'LOW' },
        ],
      },
    });
    expect(orders.collectedAt).toBe('2026-11-28T10:14:02.000Z');
  });

  it('skips images without a finished ECR scan and images of other registries, publishing nothing for them', async () => {
    const { publisher } = await runCollectorForTest({
      collector: containerImagesCollector,
      config: {
        ecr: {},
        images: [
          `${ECR}/payment-service:1.78.0-rc.1`,
          `${ECR}/legacy-batch:2019.11`,
          'nginx:1.27',
        ],
      },
      now,
    });

    expect(ecrCalls.map(c => c.repositoryName)).toEqual([
      'payment-service',
      'legacy-batch',
    ]);
    expect(dataMessages(publisher.messages)).toEqual([]);
  });

  it('merges what ECR and Trivy found in one image, each vulnerable package once', async () => {
    const { publisher } = await runCollectorForTest({
      collector: containerImagesCollector,
      config: {
        ecr: {},
        trivy: { directory: trivyDirectory },
        images: [PAYMENT],
      },
      now,
    });

    const reading = publisher.expectReading({
      type: 'image-vulnerabilities',
      resource: PAYMENT,
      value: { scanner: 'ecr+trivy' },
    });
    expect(items(publisher, PAYMENT).map(i => `${i.id} ${i.package}`)).toEqual([
      'CVE-2024-45490 libexpat1',
      'CVE-2024-21538 cross-spawn',
      'CVE-2024-2511 libssl3',
      'CVE-2024-2511 openssl',
    ]);
    expect(reading.collectedAt).toBe('2026-12-02T03:11:52.000Z');
  });

  it('reads the Trivy reports of an S3 bucket under a prefix', async () => {
    const report = readFileSync(
      join(trivyDirectory, 'orders-service-3.2.1.json'),
      'utf8',
    );
    s3Mock.on(ListObjectsV2Command).resolves({
      Contents: [
        { Key: 'trivy/2026-12-01/orders-service-3.2.1.json' },
        { Key: 'trivy/2026-12-01/README.txt' },
      ],
      IsTruncated: false,
      KeyCount: 2,
    });
    s3Mock.on(GetObjectCommand).callsFake(
      input =>
        ({
          Body: {
            transformToString: async () =>
              input.Key.endsWith('.json') ? report : '',
          },
        } as any),
    );

    const { publisher } = await runCollectorForTest({
      collector: containerImagesCollector,
      config: {
        trivy: { bucket: 'acme-scans', prefix: 'trivy/', region: 'eu-west-1' },
      },
      now,
    });

    expect(
      s3Mock.commandCalls(ListObjectsV2Command)[0].args[0].input,
    ).toMatchObject({ Bucket: 'acme-scans', Prefix: 'trivy/' });
    expect(
      s3Mock.commandCalls(GetObjectCommand).map(c => c.args[0].input.Key),
    ).toEqual(['trivy/2026-12-01/orders-service-3.2.1.json']);
    publisher.expectReading({
      type: 'image-vulnerabilities',
      resource: `${ECR}/orders-service:3.2.1`,
      value: { scanner: 'trivy' },
    });
  });

  it('refuses a configuration without a source, or with both a folder and a bucket', async () => {
    await expect(
      runCollectorForTest({
        collector: containerImagesCollector,
        config: { images: [PAYMENT] },
      }),
    ).rejects.toThrow(/set ecr, trivy or both/);
    await expect(
      runCollectorForTest({
        collector: containerImagesCollector,
        config: { trivy: { directory: '.', bucket: 'b' } },
      }),
    ).rejects.toThrow(/set either directory or bucket/);
  });

  describe('with the Cockpit REST API', () => {
    let server: Server;
    let baseUrl: string;
    const deployments = [
      {
        id: 'd1',
        type: 'ServiceDeployment',
        name: 'payment-service/production',
        parentId: null,
      },
      {
        id: 'd2',
        type: 'ServiceDeployment',
        name: 'catalog/production',
        parentId: null,
      },
    ];
    const info: Record<string, unknown> = {
      d1: {
        version: '1.77.5',
        image: PAYMENT,
        images: [
          PAYMENT,
          'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.2',
        ],
        deployedAt: '2026-12-02T05:40:12.337Z',
      },
      d2: { version: '4.1.0', deployedAt: '2026-11-02T05:40:12.337Z' },
    };

    beforeAll(async () => {
      server = createServer((req, res) => {
        const url = new URL(req.url!, 'http://api');
        res.setHeader('content-type', 'application/json');
        const readings = url.pathname.match(
          /^\/api\/cockpit\/resources\/([^/]+)\/readings$/,
        );
        if (readings) {
          const value = info[readings[1]];
          res.end(
            JSON.stringify({
              items: value
                ? [
                    {
                      id: 1,
                      type: 'deployment-info',
                      resourceId: readings[1],
                      value,
                    },
                  ]
                : [],
            }),
          );
        } else if (url.pathname === '/api/cockpit/resources') {
          const type = url.searchParams.get('type');
          res.end(
            JSON.stringify({
              items: type === 'ServiceDeployment' ? deployments : [],
            }),
          );
        } else {
          res.statusCode = 404;
          res.end('{}');
        }
      });
      await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
      baseUrl = `http://127.0.0.1:${
        (server.address() as AddressInfo).port
      }/api/cockpit`;
    });
    afterAll(() => new Promise(r => server.close(r)));

    it('checks the images every deployment runs and links each deployment to them', async () => {
      const { publisher } = await runCollectorForTest({
        collector: containerImagesCollector,
        config: { ecr: {}, api: { baseUrl } },
        now,
      });

      publisher.expectReading({
        type: 'deployment-images',
        resource: {
          type: 'ServiceDeployment',
          name: 'payment-service/production',
        },
        value: {
          images: [
            PAYMENT,
            'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.2',
          ],
        },
      });
      expect(
        publisher.readings({
          type: 'deployment-images',
          resource: 'catalog/production',
        }),
      ).toEqual([]);
      expect(ecrCalls.map(c => c.repositoryName)).toEqual([
        'payment-service',
        'payment-service',
      ]);
      publisher.expectReading({
        type: 'image-vulnerabilities',
        resource: PAYMENT,
        value: { scanner: 'ecr' },
      });
    });
  });
});
