import { join, resolve } from 'node:path';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import {
  createTestPublisher,
  runCollector,
  runCollectorForTest,
  silentLogger,
} from '@cockpit/collector-sdk';
import { readSbom, sbomCollector, sbomDependencies } from './sbom';
import { SbomFormatError } from './errors';

const fixtures = resolve(__dirname, '__fixtures__/sboms');
const read = (path: string) =>
  JSON.parse(readFileSync(resolve(fixtures, path), 'utf8'));

describe('sbomDependencies', () => {
  it('reads every package of an npm SBOM as a canonical purl, without the application itself', () => {
    const { dependencies, skipped } = sbomDependencies(
      read('catalog-service/production.cdx.json'),
    );

    expect(dependencies).toContain('pkg:npm/express@4.17.1');
    expect(dependencies).toContain('pkg:npm/lodash@4.17.20');
    expect(dependencies).not.toContain('pkg:npm/catalog-service@3.4.1');
    expect(dependencies).toHaveLength(52);
    expect(skipped).toEqual([]);
  });

  it('drops the Maven plugin qualifiers and reports components it cannot name', () => {
    const { dependencies, skipped } = sbomDependencies(
      read('payment-service/production.cdx.json'),
    );

    expect(dependencies).toContain(
      'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
    );
    expect(dependencies.some(d => d.includes('?'))).toBe(false);
    expect(dependencies).toHaveLength(9);
    expect(skipped).toEqual(['com.example.shop/vendor-sdk (no purl)']);
  });

  it('refuses a document that is not CycloneDX', () => {
    expect(() => sbomDependencies({ bomFormat: 'SPDX' } as any)).toThrow(
      /not a CycloneDX document/,
    );
  });
});

const cyclonedx = (specVersion: string) =>
  JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion,
    metadata: {
      timestamp: '2026-11-01T00:00:00Z',
      component: { name: 'app', purl: 'pkg:npm/app@1.0.0' },
    },
    components: [
      { name: 'express', version: '4.17.1', purl: 'pkg:npm/express@4.17.1' },
    ],
  });

describe('readSbom', () => {
  it.each(['1.4', '1.5', '1.6'])('reads CycloneDX %s JSON', specVersion => {
    const sbom = readSbom({
      file: 'app.cdx.json',
      text: cyclonedx(specVersion),
    });

    expect(sbom.dependencies).toEqual(['pkg:npm/express@4.17.1']);
    expect(sbom.description).toEqual({
      format: 'CycloneDX',
      specVersion,
      component: 'pkg:npm/app@1.0.0',
      timestamp: '2026-11-01T00:00:00Z',
    });
  });

  it('reads SPDX 2.3 JSON: package URLs from externalRefs of type purl, without the described application', () => {
    const file = resolve(fixtures, 'inventory-service/production.spdx.json');

    const sbom = readSbom({ file, text: readFileSync(file, 'utf8') });

    expect(sbom.dependencies).toEqual([
      'pkg:golang/github.com/gin-gonic/gin@v1.9.0',
      'pkg:pypi/django@4.2.1',
      'pkg:pypi/requests@2.31.0',
      'pkg:pypi/urllib3@1.26.15',
    ]);
    expect(sbom.skipped).toEqual(['vendored-client@0.3.1 (no purl)']);
    expect(sbom.description).toEqual({
      format: 'SPDX',
      specVersion: '2.3',
      serialNumber:
        'https://anchore.com/syft/dir/inventory-service-5a1e0c55-7d0b-4c1e-9f0e-2b8f5f1d3a21',
      component: 'pkg:pypi/inventory-service@2.8.0',
      timestamp: '2026-11-21T06:40:11Z',
    });
  });

  it('leaves out the packages named by documentDescribes too', () => {
    const text = JSON.stringify({
      spdxVersion: 'SPDX-2.3',
      SPDXID: 'SPDXRef-DOCUMENT',
      documentDescribes: ['SPDXRef-app'],
      packages: [
        {
          SPDXID: 'SPDXRef-app',
          name: 'app',
          externalRefs: [
            {
              referenceCategory: 'PACKAGE-MANAGER',
              referenceType: 'purl',
              referenceLocator: 'pkg:npm/app@1.0.0',
            },
          ],
        },
        {
          SPDXID: 'SPDXRef-lodash',
          name: 'lodash',
          externalRefs: [
            {
              referenceCategory: 'PACKAGE-MANAGER',
              referenceType: 'purl',
              referenceLocator: 'pkg:npm/lodash@4.17.21',
            },
          ],
        },
      ],
    });

    expect(readSbom({ file: 'app.spdx.json', text }).dependencies).toEqual([
      'pkg:npm/lodash@4.17.21',
    ]);
  });

  it.each([
    [
      'not json',
      '{ "bomFormat": ',
      /^broken\.json: not JSON \(.*\); expected CycloneDX JSON/,
    ],
    [
      'an array',
      '[]',
      /^broken\.json: not an SBOM: the document is not a JSON object/,
    ],
    [
      'neither format',
      '{ "name": "x" }',
      /^broken\.json: not an SBOM this collector reads: found neither bomFormat nor spdxVersion; expected CycloneDX JSON .* or SPDX 2\.3 JSON/,
    ],
    [
      'another bomFormat',
      '{ "bomFormat": "SWID" }',
      /^broken\.json: not an SBOM this collector reads: found bomFormat "SWID"/,
    ],
    [
      'an old CycloneDX',
      '{ "bomFormat": "CycloneDX", "specVersion": "1.1" }',
      /^broken\.json: CycloneDX specVersion "1\.1" is not read/,
    ],
    [
      'SPDX 3',
      '{ "spdxVersion": "SPDX-3.0" }',
      /^broken\.json: spdxVersion "SPDX-3\.0" is not read/,
    ],
    [
      'SPDX packages not a list',
      '{ "spdxVersion": "SPDX-2.3", "packages": {} }',
      /^broken\.json: packages is not an array/,
    ],
  ])(
    'refuses %s with an error naming the file and the problem',
    (_case, text, message) => {
      expect(() => readSbom({ file: 'broken.json', text })).toThrow(
        SbomFormatError,
      );
      expect(() => readSbom({ file: 'broken.json', text })).toThrow(message);
    },
  );
});

describe('sbomCollector', () => {
  it('publishes each deployment with its dependency versions, dated by the SBOM', async () => {
    const { publisher } = await runCollectorForTest({
      collector: sbomCollector,
      config: { directory: fixtures },
    });

    publisher.expectResource({
      type: 'ServiceDeployment',
      name: 'payment-service/production',
      parent: { type: 'Service', name: 'payment-service' },
    });
    publisher.expectResource({
      type: 'SoftwareDependencyVersion',
      name: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
      parent: {
        type: 'SoftwareDependency',
        name: 'pkg:maven/org.apache.logging.log4j/log4j-core',
      },
    });
    publisher.expectResource({
      type: 'SoftwareDependency',
      name: 'pkg:npm/express',
    });
    const reading = publisher.expectReading({
      type: 'deployment-dependencies',
      resource: 'payment-service/production',
    });
    expect(reading.collectedAt).toBe('2026-11-20T08:15:42Z');
    expect(
      (reading.value as { dependencies: string[] }).dependencies,
    ).toContain('pkg:maven/org.springframework/spring-beans@5.3.17');
    const npm = publisher.reading(
      'deployment-dependencies',
      'catalog-service/production',
    )!;
    expect((npm.value as { dependencies: string[] }).dependencies).toHaveLength(
      52,
    );
  });

  it('publishes a deployment from its SPDX SBOM, dated by its creation time', async () => {
    const { publisher } = await runCollectorForTest({
      collector: sbomCollector,
      config: { directory: fixtures },
    });

    const reading = publisher.expectReading({
      type: 'deployment-dependencies',
      resource: 'inventory-service/production',
      value: {
        sbom: {
          format: 'SPDX',
          specVersion: '2.3',
          component: 'pkg:pypi/inventory-service@2.8.0',
        },
      },
    });
    expect(reading.collectedAt).toBe('2026-11-21T06:40:11Z');
    expect(
      (reading.value as { dependencies: string[] }).dependencies,
    ).toContain('pkg:pypi/django@4.2.1');
    publisher.expectResource({
      type: 'SoftwareDependency',
      name: 'pkg:pypi/django',
    });
  });

  it('publishes every readable SBOM and logs an error naming each file that is not one', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'sbom-test-'));
    try {
      mkdirSync(join(directory, 'billing'));
      writeFileSync(
        join(directory, 'billing', 'production.cdx.json'),
        cyclonedx('1.6'),
      );
      writeFileSync(
        join(directory, 'billing', 'staging.json'),
        '{ "name": "x" }',
      );
      const publisher = createTestPublisher();
      const errors: string[] = [];

      await runCollector({
        collector: sbomCollector,
        publisher,
        logger: { ...silentLogger, error: message => errors.push(message) },
        config: { directory },
      });

      expect(errors).toEqual([
        `${join(
          directory,
          'billing',
          'staging.json',
        )}: not an SBOM this collector reads: found neither bomFormat nor spdxVersion; expected CycloneDX JSON (bomFormat "CycloneDX", specVersion 1.2 to 1.6) or SPDX 2.3 JSON (spdxVersion "SPDX-2.3")`,
        '1 of 2 SBOM(s) not read',
      ]);
      publisher.expectReading({
        type: 'deployment-dependencies',
        resource: 'billing/production',
        value: { dependencies: ['pkg:npm/express@4.17.1'] },
      });
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('reads explicitly listed SBOM files with the service and environment given', async () => {
    const { publisher } = await runCollectorForTest({
      collector: sbomCollector,
      config: {
        sboms: [
          {
            service: 'catalog-service',
            environment: 'staging',
            file: resolve(fixtures, 'catalog-service/production.cdx.json'),
          },
        ],
      },
    });

    expect(publisher.resources('ServiceDeployment').map(r => r.name)).toEqual([
      'catalog-service/staging',
    ]);
  });
});
