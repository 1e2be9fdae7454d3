import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { collectorPackageName, invalidIdReason } from './collectorId';
import { collectorFiles } from './collectorTemplates';

export { collectorPackageName } from './collectorId';

/** Thrown when `new collector` cannot write the package; the message says why. */
export class ScaffoldError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScaffoldError';
  }
}

/**
 * The root of the repository that holds `from`: the nearest folder upwards whose package.json
 * declares workspaces (`yarn cockpit` runs in the root, whatever folder it is called from).
 * @throws ScaffoldError when there is none
 */
export function findRepositoryRoot(from: string): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && readJson(manifest).workspaces) return dir;
    if (dirname(dir) === dir) {
      throw new ScaffoldError(
        `no repository root (a package.json with workspaces) above ${from}`,
      );
    }
  }
}

function readJson(path: string): any {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** The names of the packages of the workspace folders under `collectors/`. */
function existingCollectorPackages(root: string): Map<string, string> {
  const found = new Map<string, string>();
  const dir = join(root, 'collectors');
  if (!existsSync(dir)) return found;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const manifest = join(dir, entry.name, 'package.json');
    if (entry.isDirectory() && existsSync(manifest)) {
      found.set(readJson(manifest).name, `collectors/${entry.name}`);
    }
  }
  return found;
}
/** What `new collector` wrote, and what to run next. */
export interface ScaffoldedCollector {
  /** The package folder, relative to the repository root. */
  directory: string;
  packageName: string;
  /** The files written, relative to the repository root. */
  files: string[];
  /** The commands to run next, from the repository root. */
  nextCommands: string[];
}

/**
 * Writes a new collector package under `collectors/<id>` of the repository at `root`, shaped like
 * the reference collectors: package.json with their scripts, the collector with a typed
 * configuration, an input fixture, a test-kit test that passes, a Lambda entry point, a README.
 * @throws ScaffoldError when the id is no valid package name or is taken
 *
 * @example
 * scaffoldCollector({ root: process.cwd(), id: 'incidents' });
 */
export function scaffoldCollector(options: {
  root: string;
  id: string;
  /** Collector ids that are taken without a folder (the reference collectors). */
  takenIds?: string[];
}): ScaffoldedCollector {
  const { root, id } = options;
  const reason = invalidIdReason(id);
  if (reason)
    throw new ScaffoldError(`cannot create collector "${id}": ${reason}`);
  const directory = `collectors/${id}`;
  const packageName = collectorPackageName(id);
  if (existsSync(join(root, directory))) {
    throw new ScaffoldError(
      `cannot create collector "${id}": ${directory} exists already`,
    );
  }
  const owner = existingCollectorPackages(root).get(packageName);
  if (owner) {
    throw new ScaffoldError(
      `cannot create collector "${id}": the package ${packageName} exists already in ${owner}`,
    );
  }
  if (options.takenIds?.includes(id)) {
    throw new ScaffoldError(
      `cannot create collector "${id}": a reference collector has that id`,
    );
  }

  const sdkManifest = readJson(join(root, 'collectors/sdk/package.json'));
  const rootManifest = readJson(join(root, 'package.json'));
  const files = collectorFiles({
    id,
    zodVersion: sdkManifest.dependencies.zod,
    backstageCliVersion: rootManifest.devDependencies['@backstage/cli'],
  });
  for (const [path, content] of Object.entries(files)) {
    const target = join(root, directory, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content, { flag: 'wx' });
  }
  return {
    directory,
    packageName,
    files: Object.keys(files).map(path => `${directory}/${path}`),
    nextCommands: [
      'yarn install',
      `yarn test ${directory}`,
      `yarn cockpit collect ${directory}/src/index.ts --dry-run --config ${directory}/dev-config.json | yarn cockpit validate -`,
    ],
  };
}
