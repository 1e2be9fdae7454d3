import { join, resolve } from 'node:path';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import {
  createTestPublisher,
  runCollector,
  runCollectorForTest,
  silentLogger,
} from '@cockpit/collector-sdk';
import { sbomCollector } from './sbom';
import { cyclonedx } from './__fixtures__/cyclonedx';

const fixtures = resolve(__dirname, '__fixtures__/sboms');

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
