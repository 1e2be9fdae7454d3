import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { sbomDependencies } from './cyclonedx';

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
