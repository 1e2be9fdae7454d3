import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  findRepositoryRoot,
  scaffoldCollector,
  ScaffoldError,
} from './collectorPackage';

const repositoryRoot = resolve(__dirname, '../../../..');

/** A repository root with the manifests the scaffold reads; inside the real one when `inRepository`. */
function fakeRoot(options: { inRepository?: boolean } = {}): string {
  const parent = options.inRepository
    ? join(repositoryRoot, '.cockpit-data')
    : tmpdir();
  mkdirSync(parent, { recursive: true });
  const root = mkdtempSync(join(parent, 'scaffold-'));
  mkdirSync(join(root, 'collectors/sdk'), { recursive: true });
  copyFileSync(
    join(repositoryRoot, 'package.json'),
    join(root, 'package.json'),
  );
  copyFileSync(
    join(repositoryRoot, 'collectors/sdk/package.json'),
    join(root, 'collectors/sdk/package.json'),
  );
  return root;
}

const roots: string[] = [];
afterAll(() =>
  roots.forEach(root => rmSync(root, { recursive: true, force: true })),
);
function newRoot(options?: { inRepository?: boolean }) {
  const root = fakeRoot(options);
  roots.push(root);
  return root;
}

describe('findRepositoryRoot', () => {
  it('finds the folder whose package.json declares the workspaces', () => {
    expect(findRepositoryRoot(__dirname)).toBe(repositoryRoot);
  });
});

describe('scaffoldCollector', () => {
  it('writes a package shaped like the reference collectors, and says what to run next', () => {
    const root = newRoot();

    const scaffolded = scaffoldCollector({ root, id: 'incidents' });

    const manifest = JSON.parse(
      readFileSync(join(root, 'collectors/incidents/package.json'), 'utf8'),
    );
    const reference = JSON.parse(
      readFileSync(
        join(repositoryRoot, 'collectors/catalog/package.json'),
        'utf8',
      ),
    );
    expect(manifest).toMatchObject({
      name: '@cockpit/collector-incidents',
      main: 'src/index.ts',
      backstage: reference.backstage,
      scripts: reference.scripts,
      dependencies: {
        '@cockpit/collector-sdk': 'workspace:^',
        '@cockpit/plugin-cockpit-common': 'workspace:^',
        zod: reference.dependencies.zod,
      },
      devDependencies: {
        '@backstage/cli': reference.devDependencies['@backstage/cli'],
      },
    });
    expect(scaffolded.files).toEqual(
      expect.arrayContaining([
        'collectors/incidents/src/incidents.ts',
        'collectors/incidents/src/incidents.test.ts',
        'collectors/incidents/src/__fixtures__/input.json',
        'collectors/incidents/README.md',
      ]),
    );
    expect(scaffolded.nextCommands).toEqual([
      'yarn install',
      'yarn test collectors/incidents',
      'yarn cockpit collect collectors/incidents/src/index.ts --dry-run --config collectors/incidents/dev-config.json | yarn cockpit validate -',
    ]);
  });

  it('refuses an id whose folder exists', () => {
    const root = newRoot();
    mkdirSync(join(root, 'collectors/incidents'));

    expect(() => scaffoldCollector({ root, id: 'incidents' })).toThrow(
      new ScaffoldError(
        'cannot create collector "incidents": collectors/incidents exists already',
      ),
    );
  });

  it('refuses an id whose package exists in another folder, or that a reference collector has', () => {
    const root = newRoot();
    mkdirSync(join(root, 'collectors/legacy'));
    writeFileSync(
      join(root, 'collectors/legacy/package.json'),
      JSON.stringify({ name: '@cockpit/collector-incidents' }),
    );

    expect(() => scaffoldCollector({ root, id: 'incidents' })).toThrow(
      'the package @cockpit/collector-incidents exists already in collectors/legacy',
    );
    expect(() =>
      scaffoldCollector({ root, id: 'demo-fleet', takenIds: ['demo-fleet'] }),
    ).toThrow('a reference collector has that id');
  });

  it.each([
    [
      'Incidents',
      'has upper-case letters; package names and collector ids are lower case (try "incidents")',
    ],
    [
      'my_incidents',
      'holds "_"; a collector id (and its package name) takes lower-case letters, digits and dashes only (try "my-incidents")',
    ],
    ['-incidents', 'starts with a dash'],
    ['a'.repeat(201), 'longer than the 200 characters of a collector id'],
    ['a'.repeat(196), 'would be 215 characters; npm allows 214'],
    ['', 'the id is empty'],
  ])('refuses the id %j, saying why', (id, reason) => {
    const root = newRoot();

    expect(() => scaffoldCollector({ root, id })).toThrow(reason);
  });
});

describe('a scaffolded collector', () => {
  // Inside the repository, so that its imports resolve like those of a real workspace package.
  const root = newRoot({ inRepository: true });
  const scaffolded = scaffoldCollector({ root, id: 'scaffold-check' });
  const packageDir = join(root, scaffolded.directory);

  describe('passes its own test', () => {
    // Its test file, run as part of this suite.
    require(join(packageDir, 'src/scaffold-check.test.ts'));
  });

  it('dry-runs into batches that `cockpit validate` accepts', () => {
    const config = join(root, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({ file: join(packageDir, 'src/__fixtures__/input.json') }),
    );

    const run = spawnSync(
      'bash',
      [
        '-o',
        'pipefail',
        '-c',
        `yarn cockpit collect "${packageDir}/src/index.ts" --dry-run --config "${config}" | yarn cockpit validate -`,
      ],
      { cwd: repositoryRoot, encoding: 'utf8', timeout: 240_000 },
    );

    expect(run.stderr).toContain(
      // the collector's batch, then the runner's record of the run
      'cockpit validate: 2 batches, 6 messages: everything would land',
    );
    expect(run.status).toBe(0);
  }, 240_000);
});
