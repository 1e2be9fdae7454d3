import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { runCollectorForTest } from '@cockpit/collector-sdk';
import { sbomCollector, sbomDependencies } from './sbom';

const fixtures = resolve(__dirname, '__fixtures__/sboms');
const read = (path: string) => JSON.parse(readFileSync(resolve(fixtures, path), 'utf8'));

describe('sbomDependencies', () => {
  it('reads every package of an npm SBOM as a canonical purl, without the application itself', () => {
    const { dependencies, skipped } = sbomDependencies(read('catalog-service/production.cdx.json'));

    expect(dependencies).toContain('pkg:npm/express@4.17.1');
    expect(dependencies).toContain('pkg:npm/lodash@4.17.20');
    expect(dependencies).not.toContain('pkg:npm/catalog-service@3.4.1');
    expect(dependencies).toHaveLength(52);
    expect(skipped).toEqual([]);
  });

  it('drops the Maven plugin qualifiers and reports components it cannot name', () => {
    const { dependencies, skipped } = sbomDependencies(read('payment-service/production.cdx.json'));

    expect(dependencies).toContain('pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1');
    expect(dependencies.some(d => d.includes('?'))).toBe(false);
    expect(dependencies).toHaveLength(9);
    expect(skipped).toEqual(['com.example.shop/vendor-sdk (no purl)']);
  });

  it('refuses a document that is not CycloneDX', () => {
    expect(() => sbomDependencies({ bomFormat: 'SPDX' } as any)).toThrow(/not a CycloneDX document/);
  });
});

describe('sbomCollector', () => {
  it('publishes each deployment with its dependency versions, dated by the SBOM', async () => {
    const { publisher } = await runCollectorForTest({ collector: sbomCollector, config: { directory: fixtures } });

    publisher.expectResource({
      type: 'ServiceDeployment',
      name: 'payment-service/production',
      parent: { type: 'Service', name: 'payment-service' },
    });
    publisher.expectResource({
      type: 'SoftwareDependencyVersion',
      name: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
      parent: { type: 'SoftwareDependency', name: 'pkg:maven/org.apache.logging.log4j/log4j-core' },
    });
    publisher.expectResource({ type: 'SoftwareDependency', name: 'pkg:npm/express' });
    const reading = publisher.expectReading({ type: 'deployment-dependencies', resource: 'payment-service/production' });
    expect(reading.collectedAt).toBe('2026-11-20T08:15:42Z');
    expect((reading.value as { dependencies: string[] }).dependencies).toContain('pkg:maven/org.springframework/spring-beans@5.3.17');
    const npm = publisher.reading('deployment-dependencies', 'catalog-service/production')!;
    expect((npm.value as { dependencies: string[] }).dependencies).toHaveLength(52);
  });

  it('reads explicitly listed SBOM files with the service and environment given', async () => {
    const { publisher } = await runCollectorForTest({
      collector: sbomCollector,
      config: { sboms: [{ service: 'catalog-service', environment: 'staging', file: resolve(fixtures, 'catalog-service/production.cdx.json') }] },
    });

    expect(publisher.resources('ServiceDeployment').map(r => r.name)).toEqual(['catalog-service/staging']);
  });
});
