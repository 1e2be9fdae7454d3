import {
  names,
  PublishMessageInput,
  resourceId,
} from '@cockpit/plugin-cockpit-common';
import { CockpitDatabase, testDatabaseEngines } from '@cockpit/store';
import { ingestMessages } from '../__testUtils__/ingest';
import { KnexCockpitStore } from '../database/KnexCockpitStore';
import { dependencyUsageCalculation } from './dependencyUsage';
import { deploymentVulnerabilitiesCalculation } from './deploymentVulnerabilities';
import { fleetVulnerabilitiesCalculation } from './fleetVulnerabilities';
import { serviceOverviewCalculation } from './serviceOverview';

jest.setTimeout(60_000);

const counts = (partial: Record<string, number>) => ({
  CRITICAL: 0,
  HIGH: 0,
  MEDIUM: 0,
  LOW: 0,
  UNKNOWN: 0,
  ...partial,
});

const APP = names.containerImage({
  image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop:2.0',
});
const NGINX = names.containerImage({ image: 'nginx:1.27' });
const LAMBDA_IMAGE = names.containerImage({ image: 'acme/resizer:5' });
const OPENSSL = 'pkg:deb/debian/openssl';
const EXPRESS = 'pkg:npm/express';

const reading = (
  resource: { type: string; name: string },
  type: string,
  value: unknown,
): PublishMessageInput => ({
  kind: 'reading',
  resource,
  type,
  storageMode: 'SNAPSHOT',
  value,
  collectedAt: '2026-12-01T10:00:00.000Z',
});
const deployment = (name: string) => ({ type: 'ServiceDeployment', name });
const image = (name: string) => ({ type: 'ContainerImage', name });
const opensslFinding = (id: string, severity: string) => ({
  id,
  severity,
  summary: `openssl ${id}`,
  fixedIn: ['3.0.14-1~deb12u1'],
  package: 'openssl',
  installedVersion: '3.0.11-1~deb12u2',
  class: 'os',
  purl: `${OPENSSL}@3.0.11-1~deb12u2?arch=amd64&distro=debian-12`,
});

/** Two services on library versions and images, as the collectors publish them. */
function fleetMessages(): PublishMessageInput[] {
  const express = `${EXPRESS}@4.17.1`;
  return [
    {
      kind: 'resource',
      type: 'ServiceDeployment',
      name: 'shop/prod',
      parent: { type: 'Service', name: 'shop' },
    },
    {
      kind: 'resource',
      type: 'ServiceDeployment',
      name: 'shop/qa',
      parent: { type: 'Service', name: 'shop' },
    },
    {
      kind: 'resource',
      type: 'ServiceDeployment',
      name: 'cart/prod',
      parent: { type: 'Service', name: 'cart' },
    },
    {
      kind: 'resource',
      type: 'LambdaDeployment',
      name: 'resizer/prod',
      parent: { type: 'Lambda', name: 'resizer' },
    },
    {
      kind: 'resource',
      type: 'SoftwareDependencyVersion',
      name: express,
      parent: { type: 'SoftwareDependency', name: EXPRESS },
    },
    reading(
      { type: 'SoftwareDependencyVersion', name: express },
      'vulnerabilities',
      {
        items: [
          {
            id: 'CVE-2024-43796',
            severity: 'MEDIUM',
            summary: 'XSS in res.redirect',
          },
        ],
      },
    ),
    reading(deployment('shop/prod'), 'deployment-dependencies', {
      dependencies: [express],
    }),
    reading(deployment('shop/prod'), 'deployment-images', {
      images: [APP, NGINX],
    }),
    reading(deployment('shop/qa'), 'deployment-images', { images: [APP] }),
    reading(deployment('cart/prod'), 'deployment-images', { images: [NGINX] }),
    reading(
      { type: 'LambdaDeployment', name: 'resizer/prod' },
      'deployment-images',
      { images: [LAMBDA_IMAGE] },
    ),
    { kind: 'resource', type: 'ContainerImage', name: APP },
    { kind: 'resource', type: 'ContainerImage', name: NGINX },
    { kind: 'resource', type: 'ContainerImage', name: LAMBDA_IMAGE },
    reading(image(APP), 'image-vulnerabilities', {
      source: 'image',
      scanner: 'ecr+trivy',
      items: [
        opensslFinding('CVE-2024-5535', 'HIGH'),
        opensslFinding('CVE-2024-9143', 'LOW'),
        {
          id: 'CVE-2024-21538',
          severity: 'HIGH',
          summary: 'cross-spawn ReDoS',
          package: 'cross-spawn',
          installedVersion: '7.0.3',
          class: 'library',
          purl: 'pkg:npm/cross-spawn@7.0.3',
        },
      ],
    }),
    reading(image(NGINX), 'image-vulnerabilities', {
      source: 'image',
      scanner: 'trivy',
      items: [opensslFinding('CVE-2024-5535', 'HIGH')],
    }),
    reading(image(LAMBDA_IMAGE), 'image-vulnerabilities', {
      source: 'image',
      scanner: 'ecr',
      items: [],
    }),
  ];
}

describe.each(testDatabaseEngines())(
  'vulnerabilities of container images on $name',
  engine => {
    let database: CockpitDatabase;

    beforeAll(async () => {
      database = await engine.open();
      await ingestMessages(database.knex, fleetMessages(), 'container-images');
    });

    afterAll(() => database?.close());

    const run = <R>(
      calculation: { params: any; run: (o: any) => Promise<R> },
      params: unknown,
    ) =>
      calculation.run({
        store: KnexCockpitStore.create({ knex: database.knex }),
        unsafeKnex: () => database.knex,
        params: calculation.params.parse(params),
      });

    it("deployment-vulnerabilities lists the images' packages beside the library versions, each with its origin", async () => {
      const result = await run(deploymentVulnerabilitiesCalculation, {
        deployment: 'shop/prod',
      });

      expect(
        result.items.map(item => [
          item.package,
          item.version,
          item.origin,
          item.counts,
        ]),
      ).toEqual([
        [
          'openssl',
          '3.0.11-1~deb12u2',
          { kind: 'image', image: APP, class: 'os' },
          counts({ HIGH: 1, LOW: 1 }),
        ],
        [
          'openssl',
          '3.0.11-1~deb12u2',
          { kind: 'image', image: NGINX, class: 'os' },
          counts({ HIGH: 1 }),
        ],
        [
          'cross-spawn',
          '7.0.3',
          { kind: 'image', image: APP, class: 'library' },
          counts({ HIGH: 1 }),
        ],
        [EXPRESS, '4.17.1', { kind: 'library' }, counts({ MEDIUM: 1 })],
      ]);
      expect(result.items[0]).toMatchObject({
        id: resourceId('ContainerImage', APP),
        // the scanner's package URL without its qualifiers, as library versions are named
        name: `${OPENSSL}@3.0.11-1~deb12u2`,
        advisories: [
          {
            id: 'CVE-2024-5535',
            severity: 'HIGH',
            fixedIn: ['3.0.14-1~deb12u1'],
          },
          { id: 'CVE-2024-9143', severity: 'LOW' },
        ],
      });
      expect(result.counts).toEqual(counts({ HIGH: 3, MEDIUM: 1, LOW: 1 }));
      expect(result.countsByOrigin).toEqual({
        library: counts({ MEDIUM: 1 }),
        image: counts({ HIGH: 3, LOW: 1 }),
      });
      expect(result.images).toEqual(
        [APP, NGINX].sort().map(name => ({ name, scanned: true })),
      );
      expect(result.dependencyCount).toBe(1);
    });

    it("service-overview counts the images' packages in each deployment's totals, as deployment-vulnerabilities does", async () => {
      const overview = await run(serviceOverviewCalculation, {
        service: 'shop',
      });
      const prod = overview.deployments.find(d => d.environment === 'prod');
      const detail = await run(deploymentVulnerabilitiesCalculation, {
        deployment: 'shop/prod',
      });

      expect(prod?.vulnerabilities).toEqual(detail.counts);
      expect(prod?.vulnerabilities).toEqual(
        counts({ HIGH: 3, MEDIUM: 1, LOW: 1 }),
      );
    });

    it('fleet-vulnerabilities counts image packages per deployment and ranks them beside libraries', async () => {
      const result = await run(fleetVulnerabilitiesCalculation, {});

      expect(result.countsByOrigin).toEqual({
        library: counts({ MEDIUM: 1 }),
        // shop/prod: app (2 openssl + 1 cross-spawn) and nginx (1); shop/qa: app; cart/prod: nginx
        image: counts({ HIGH: 6, LOW: 2 }),
      });
      expect(result.counts).toEqual(counts({ HIGH: 6, MEDIUM: 1, LOW: 2 }));
      expect(result.advisories).toEqual(counts({ HIGH: 2, MEDIUM: 1, LOW: 1 }));
      expect(result.affectedServices).toBe(2);
      expect(result.affectedDeployments).toBe(3);
      expect(result.services.map(s => [s.service, s.total])).toEqual([
        ['shop', 8],
        ['cart', 1],
      ]);
      expect(
        result.packages.map(p => [
          p.package,
          p.origin,
          p.deployments,
          p.services,
          p.versions,
        ]),
      ).toEqual([
        [
          'openssl',
          { kind: 'image', class: 'os', images: [APP, NGINX].sort() },
          3,
          2,
          ['3.0.11-1~deb12u2'],
        ],
        [
          'cross-spawn',
          { kind: 'image', class: 'library', images: [APP] },
          2,
          1,
          ['7.0.3'],
        ],
        [EXPRESS, { kind: 'library' }, 1, 1, ['4.17.1']],
      ]);
    });

    it('dependency-usage finds the deployments whose images hold the package, by its package URL', async () => {
      const result = await run(dependencyUsageCalculation, {
        package: OPENSSL,
      });

      expect(
        result.items.map(item => [
          item.deployment,
          item.version,
          item.origin,
          item.vulnerabilities,
        ]),
      ).toEqual([
        [
          'cart/prod',
          '3.0.11-1~deb12u2',
          { kind: 'image', image: NGINX, class: 'os' },
          counts({ HIGH: 1 }),
        ],
        [
          'shop/prod',
          '3.0.11-1~deb12u2',
          { kind: 'image', image: APP, class: 'os' },
          counts({ HIGH: 1, LOW: 1 }),
        ],
        [
          'shop/prod',
          '3.0.11-1~deb12u2',
          { kind: 'image', image: NGINX, class: 'os' },
          counts({ HIGH: 1 }),
        ],
        [
          'shop/qa',
          '3.0.11-1~deb12u2',
          { kind: 'image', image: APP, class: 'os' },
          counts({ HIGH: 1, LOW: 1 }),
        ],
      ]);
      expect(result.versions).toEqual([
        { version: '3.0.11-1~deb12u2', deployments: 3 },
      ]);
      expect(result.serviceCount).toBe(2);
    });

    it('dependency-usage gives a library package both ways, and nothing for another version', async () => {
      const spawn = await run(dependencyUsageCalculation, {
        package: 'pkg:npm/cross-spawn',
        version: '7.0.3',
      });
      expect(spawn.items.map(i => [i.deployment, i.origin.kind])).toEqual([
        ['shop/prod', 'image'],
        ['shop/qa', 'image'],
      ]);
      const express = await run(dependencyUsageCalculation, {
        package: EXPRESS,
      });
      expect(express.items.map(i => [i.deployment, i.origin])).toEqual([
        ['shop/prod', { kind: 'library' }],
      ]);
      const other = await run(dependencyUsageCalculation, {
        package: OPENSSL,
        version: '3.0.15',
      });
      expect(other.items).toEqual([]);
    });
  },
);
