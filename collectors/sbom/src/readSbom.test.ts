import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SbomFormatError } from './errors';
import { readSbom } from './readSbom';
import { cyclonedx } from './__fixtures__/cyclonedx';

const fixtures = resolve(__dirname, '__fixtures__/sboms');

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
