/** A small CycloneDX JSON document of the given spec version (one dependency, `express`), as text. */
export const cyclonedx = (specVersion: string) =>
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
