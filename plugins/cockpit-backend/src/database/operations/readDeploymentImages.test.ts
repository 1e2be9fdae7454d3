import { resourceId } from '@cockpit/plugin-cockpit-common';
import { CockpitDatabase, testDatabaseEngines } from '@cockpit/store';
import { ingestMessages } from '../../__testUtils__/ingest';
import { Seeder } from '../../__testUtils__/seed';
import { readDeploymentImages } from './readDeploymentImages';

jest.setTimeout(60_000);

const NGINX = 'docker.io/library/nginx:1.27';
const APP = 'docker.io/acme/shop:2.0';
const UNSCANNED = 'docker.io/acme/sidecar:1.0';
const prod = { type: 'ServiceDeployment', name: 'shop/prod' };
const qa = { type: 'ServiceDeployment', name: 'shop/qa' };
const finding = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  severity: 'HIGH',
  summary: id,
  package: 'openssl',
  installedVersion: '3.0.11',
  class: 'os',
  purl: 'pkg:deb/debian/openssl@3.0.11',
  ...extra,
});

describe.each(testDatabaseEngines())(
  'readDeploymentImages on $name',
  engine => {
    let database: CockpitDatabase;

    beforeAll(async () => {
      database = await engine.open();
      const seed = new Seeder(database.knex);
      await seed.service({ service: 'shop', environments: ['prod', 'qa'] });
      for (const image of [NGINX, APP, UNSCANNED])
        await seed.resource({ type: 'ContainerImage', name: image });
      await seed.reading({
        resource: prod,
        type: 'deployment-images',
        value: { images: [APP, NGINX, UNSCANNED, 42] },
      });
      await seed.reading({
        resource: qa,
        type: 'deployment-images',
        value: { images: [NGINX, 'docker.io/acme/never-seen:1'] },
      });
      await seed.reading({
        resource: { type: 'ContainerImage', name: NGINX },
        type: 'image-vulnerabilities',
        value: { source: 'image', scanner: 'trivy', items: [finding('CVE-1')] },
      });
      await seed.reading({
        resource: { type: 'ContainerImage', name: APP },
        type: 'image-vulnerabilities',
        value: { source: 'image', scanner: 'ecr', items: [] },
      });
    });

    afterAll(() => database?.close());

    it('gives every image of the deployments, scanned or not, sharing one decoded scan per image', async () => {
      const answer = await readDeploymentImages({
        knex: database.knex,
        deploymentIds: [
          resourceId(prod.type, prod.name),
          resourceId(qa.type, qa.name),
        ],
      });
      const rows = answer.images
        .map(i => [
          i.deploymentName,
          i.image,
          i.imageId !== null,
          i.scan?.items.length ?? null,
        ])
        .sort();
      expect(rows).toEqual(
        [
          ['shop/prod', APP, true, 0],
          ['shop/prod', NGINX, true, 1],
          ['shop/prod', UNSCANNED, true, null],
          ['shop/qa', NGINX, true, 1],
          ['shop/qa', 'docker.io/acme/never-seen:1', false, null],
        ].sort(),
      );
      const nginx = answer.images.filter(i => i.image === NGINX);
      expect(nginx[0].scan).toBe(nginx[1].scan);
      expect(nginx[0]).toMatchObject({ deploymentType: 'ServiceDeployment' });
      expect(answer.invalid).toEqual([]);
    });

    it('gives, over all deployments, only the images whose scan found something', async () => {
      const answer = await readDeploymentImages({
        knex: database.knex,
        vulnerable: true,
      });
      expect(
        answer.images.map(i => [i.deploymentName, i.image]).sort(),
      ).toEqual(
        [
          ['shop/prod', NGINX],
          ['shop/qa', NGINX],
        ].sort(),
      );
    });

    it('finds the images whose scan names a package by package URL, literally', async () => {
      const found = await readDeploymentImages({
        knex: database.knex,
        packages: ['pkg:deb/debian/openssl'],
      });
      expect(found.images.map(i => i.deploymentName).sort()).toEqual([
        'shop/prod',
        'shop/qa',
      ]);
      for (const other of ['pkg:deb/debian/open%', 'pkg:deb/debian/openss'])
        expect(
          (
            await readDeploymentImages({
              knex: database.knex,
              packages: [other],
            })
          ).images,
        ).toEqual([]);
    });

    it('reports a scan that does not fit its schema with its field, and leaves it out', async () => {
      const seed = new Seeder(database.knex);
      const bad = { type: 'ServiceDeployment', name: 'bad/prod' };
      await seed.resource(bad);
      await seed.resource({
        type: 'ContainerImage',
        name: 'docker.io/acme/bad:1',
      });
      await seed.reading({
        resource: bad,
        type: 'deployment-images',
        value: { images: ['docker.io/acme/bad:1'] },
      });
      await seed.reading({
        resource: { type: 'ContainerImage', name: 'docker.io/acme/bad:1' },
        type: 'image-vulnerabilities',
        value: {
          source: 'image',
          scanner: 'x',
          items: [finding('CVE-2', { class: 'kernel' })],
        },
      });

      const answer = await readDeploymentImages({
        knex: database.knex,
        deploymentIds: [resourceId(bad.type, bad.name)],
      });

      expect(answer.images).toMatchObject([
        { image: 'docker.io/acme/bad:1', scan: null },
      ]);
      expect(answer.invalid).toEqual([
        expect.objectContaining({
          type: 'image-vulnerabilities',
          field: 'items.0.class',
        }),
      ]);
    });

    it('answers nothing for no deployments or no packages, without a query', async () => {
      expect(
        await readDeploymentImages({ knex: database.knex, deploymentIds: [] }),
      ).toEqual({ images: [], invalid: [] });
      expect(
        await readDeploymentImages({ knex: database.knex, packages: [] }),
      ).toEqual({ images: [], invalid: [] });
    });
    it('answers as of a moment from the versions: the images run then and their scans then', async () => {
      const web = { type: 'ServiceDeployment', name: 'web/prod' };
      const old = 'docker.io/acme/web:1.0';
      const current = 'docker.io/acme/web:2.0';
      const at = (day: number) => `2026-03-0${day}T12:00:00.000Z`;
      const images = (day: number, list: string[]) => ({
        kind: 'reading' as const,
        type: 'deployment-images',
        resource: web,
        value: { images: list },
        collectedAt: at(day),
      });
      const scan = (day: number, image: string, ids: string[]) => ({
        kind: 'reading' as const,
        type: 'image-vulnerabilities',
        resource: { type: 'ContainerImage', name: image },
        value: {
          source: 'image',
          scanner: 'trivy',
          items: ids.map(id => finding(id)),
        },
        collectedAt: at(day),
      });
      await ingestMessages(database.knex, [
        { kind: 'resource', type: 'ServiceDeployment', name: web.name },
        { kind: 'resource', type: 'ContainerImage', name: old },
        { kind: 'resource', type: 'ContainerImage', name: current },
        images(1, [old]),
        scan(1, old, []),
        scan(3, old, ['CVE-OLD']),
        images(5, [current]),
        scan(5, current, ['CVE-NEW']),
      ]);
      const webId = resourceId(web.type, web.name);
      const asOf = async (day: number) =>
        (
          await readDeploymentImages({
            knex: database.knex,
            deploymentIds: [webId],
            asOf: new Date(at(day)),
          })
        ).images.map(i => [i.image, i.scan?.items.map(f => f.id) ?? null]);

      expect(await asOf(2)).toEqual([[old, []]]);
      expect(await asOf(4)).toEqual([[old, ['CVE-OLD']]]);
      expect(await asOf(6)).toEqual([[current, ['CVE-NEW']]]);
      const vulnerable = await readDeploymentImages({
        knex: database.knex,
        vulnerable: true,
        asOf: new Date(at(2)),
      });
      expect(vulnerable.images.map(i => i.deploymentName)).not.toContain(
        web.name,
      );
      const users = async (day: number) =>
        (
          await readDeploymentImages({
            knex: database.knex,
            packages: ['pkg:deb/debian/openssl'],
            asOf: new Date(at(day)),
          })
        ).images
          .filter(i => i.deploymentName === web.name)
          .map(i => [i.image, i.scan?.items.map(f => f.id)]);
      // day 2: the old image's scan found nothing yet; day 4: it did; day 6: the new image's
      expect(await users(2)).toEqual([]);
      expect(await users(4)).toEqual([[old, ['CVE-OLD']]]);
      expect(await users(6)).toEqual([[current, ['CVE-NEW']]]);
    });

    it("finds a package by the scanner's package URL whatever its version, qualifiers and subpath", async () => {
      const image = 'docker.io/acme/worker:3.1';
      const deployment = { type: 'ServiceDeployment', name: 'worker/prod' };
      await ingestMessages(database.knex, [
        { kind: 'resource', type: 'ServiceDeployment', name: deployment.name },
        { kind: 'resource', type: 'ContainerImage', name: image },
        {
          kind: 'reading',
          type: 'deployment-images',
          resource: deployment,
          value: { images: [image] },
        },
        {
          kind: 'reading',
          type: 'image-vulnerabilities',
          resource: { type: 'ContainerImage', name: image },
          value: {
            source: 'image',
            scanner: 'trivy',
            items: [
              finding('CVE-Q', {
                package: 'zlib1g',
                purl: 'pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?distro=debian-12#sub/dir',
              }),
              finding('CVE-N', {
                package: 'curl',
                purl: 'pkg:deb/debian/curl',
              }),
              // no version but qualifiers; an "@" in a qualifier
              finding('CVE-A', {
                package: 'libexpat1',
                purl: 'pkg:deb/debian/libexpat1?arch=amd64',
              }),
              finding('CVE-M', {
                package: 'libc6',
                purl: 'pkg:deb/debian/libc6@2.36-9?repository_url=https://ci@mirror.example.org/debian',
              }),
            ],
          },
        },
      ]);
      const usersOf = async (pkg: string) =>
        (
          await readDeploymentImages({ knex: database.knex, packages: [pkg] })
        ).images.map(i => i.deploymentName);
      expect(await usersOf('pkg:deb/debian/zlib1g')).toEqual([deployment.name]);
      expect(await usersOf('pkg:deb/debian/curl')).toEqual([deployment.name]);
      expect(await usersOf('pkg:deb/debian/libexpat1')).toEqual([
        deployment.name,
      ]);
      expect(await usersOf('pkg:deb/debian/libc6')).toEqual([deployment.name]);
      expect(await usersOf('pkg:deb/debian/zlib1')).toEqual([]);
      // each scan comes back with only the findings naming the package
      const [zlib] = (
        await readDeploymentImages({
          knex: database.knex,
          packages: ['pkg:deb/debian/zlib1g'],
        })
      ).images;
      expect(zlib?.scan?.items.map(f => f.id)).toEqual(['CVE-Q']);
      // several packages: the findings naming any of them, in the scan's order
      const [both] = (
        await readDeploymentImages({
          knex: database.knex,
          packages: ['pkg:deb/debian/curl', 'pkg:deb/debian/zlib1g'],
        })
      ).images;
      expect(both?.scan?.items.map(f => f.id)).toEqual(['CVE-Q', 'CVE-N']);
    });
  },
);
