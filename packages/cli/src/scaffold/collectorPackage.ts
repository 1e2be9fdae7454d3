import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { COLLECTOR_ID_PATTERN } from '@cockpit/collector-sdk';

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

/** npm's longest package name. */
const MAX_PACKAGE_NAME_LENGTH = 214;

/** The npm name of the package of a collector. */
export function collectorPackageName(id: string): string {
  return `@cockpit/collector-${id}`;
}

/** A valid id close to an invalid one, e.g. `Bad_Id` -> `bad-id`. */
function suggestion(id: string): string {
  return id
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Why an id cannot name a new collector package, or undefined when it can. */
function invalidIdReason(id: string): string | undefined {
  if (!id) return 'the id is empty';
  if (/[A-Z]/.test(id)) {
    return `"${id}" has upper-case letters; package names and collector ids are lower case (try "${suggestion(
      id,
    )}")`;
  }
  if (!COLLECTOR_ID_PATTERN.test(id)) {
    const bad = [...new Set(id.replace(/[a-z0-9-]/g, ''))].map(c =>
      JSON.stringify(c),
    );
    if (bad.length > 0) {
      return `"${id}" holds ${bad.join(
        ', ',
      )}; a collector id (and its package name) takes lower-case letters, digits and dashes only (try "${suggestion(
        id,
      )}")`;
    }
    if (id.startsWith('-'))
      return `"${id}" starts with a dash; start with a letter or digit`;
    return `"${id}" is longer than the 200 characters of a collector id`;
  }
  const packageName = collectorPackageName(id);
  if (packageName.length > MAX_PACKAGE_NAME_LENGTH) {
    return `the package name ${packageName} would be ${packageName.length} characters; npm allows ${MAX_PACKAGE_NAME_LENGTH}`;
  }
  return undefined;
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

function camelCase(id: string): string {
  const camel = id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return /^[0-9]/.test(camel) ? `c${camel}` : camel;
}

/**
 * The files of a new collector package, by path relative to the package folder. Long because
 * it is the templates themselves (data), one entry per file.
 */
function collectorFiles(options: {
  id: string;
  zodVersion: string;
  backstageCliVersion: string;
}): Record<string, string> {
  const { id } = options;
  const name = camelCase(id);
  const collector = `${name}Collector`;
  const Config = `${name[0].toUpperCase()}${name.slice(1)}Config`;
  const configSchema = `${name}ConfigSchema`;
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  return {
    'package.json': json({
      name: collectorPackageName(id),
      version: '0.1.0',
      description: `Cockpit collector: ${id}`,
      main: 'src/index.ts',
      types: 'src/index.ts',
      private: true,
      backstage: { role: 'node-library' },
      scripts: {
        test: 'backstage-cli package test',
        lint: 'backstage-cli package lint',
      },
      dependencies: {
        '@cockpit/collector-sdk': 'workspace:^',
        '@cockpit/plugin-cockpit-common': 'workspace:^',
        zod: options.zodVersion,
      },
      devDependencies: { '@backstage/cli': options.backstageCliVersion },
    }),
    '.eslintrc.js': `module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // the collector test kit's expectResource/expectReading are assertions
    'jest/expect-expect': ['warn', { assertFunctionNames: ['expect', '*.expectResource', '*.expectReading'] }],
  },
});
`,
    'dev-config.json': json({
      file: `collectors/${id}/src/__fixtures__/input.json`,
    }),
    'src/__fixtures__/input.json': json([
      { service: 'payment-service', team: 'team-payments' },
      { service: 'checkout-service', team: 'team-checkout' },
    ]),
    'src/index.ts': `/**
 * Cockpit collector: ${id}.
 *
 * @packageDocumentation
 */
export * from './${id}';
`,
    [`src/${id}.ts`]: `import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { defineCollector } from '@cockpit/collector-sdk';

/** The configuration of the ${id} collector: parsed (and defaulted) before \`collect\` runs. */
export const ${configSchema} = z.object({
  /** The JSON file to read. */
  file: z.string().min(1),
});

/** The configuration of the ${id} collector. */
export type ${Config} = z.infer<typeof ${configSchema}>;

/** What the input holds; an input that does not match stops the run with the field named. */
const InputSchema = z.array(z.object({ service: z.string(), team: z.string() }));

/** ${id}: the owning team of each service listed in a JSON file. */
export const ${collector} = defineCollector<${Config}>({
  id: '${id}',
  description: 'The owning team of each service listed in a JSON file',
  schedule: 'rate(1 hour)',
  configSchema: ${configSchema},
  async collect(ctx) {
    const input = InputSchema.parse(JSON.parse(await readFile(ctx.config.file, 'utf8')));
    for (const record of input) {
      // resource helpers name resources by the contract and return a reference to them
      const service = ctx.resources.service({ service: record.service });
      // typed helpers check the value against the well-known type's schema
      ctx.readings.ownership(service, { team: record.team });
    }
    ctx.logger.info(\`published \${input.length} services\`);
  },
});
`,
    [`src/${id}.test.ts`]: `import { resolve } from 'node:path';
import { runCollectorForTest } from '@cockpit/collector-sdk';
import { ${collector} } from './${id}';

describe('${collector}', () => {
  it('publishes each service of the input with its owning team', async () => {
    const { publisher } = await runCollectorForTest({
      collector: ${collector},
      config: { file: resolve(__dirname, '__fixtures__/input.json') },
      now: new Date('2026-11-22T10:00:00Z'),
    });

    publisher.expectResource({ type: 'Service', name: 'payment-service' });
    publisher.expectReading({
      type: 'ownership',
      resource: 'payment-service',
      value: { team: 'team-payments' },
    });
  });
});
`,
    'src/lambda.ts': `import { createCollectorLambdaHandler } from '@cockpit/collector-sdk';
import { ${collector} } from './${id}';

/**
 * Lambda entry point for an EventBridge schedule: runs the collector once per invocation,
 * publishing through \`COCKPIT_PUBLISHER\` (SNS: \`COCKPIT_SNS_TOPIC_ARN\`), configured by
 * \`COCKPIT_COLLECTOR_CONFIG\` or the event's \`detail.config\`.
 */
export const handler = createCollectorLambdaHandler({ collector: ${collector} });
`,
    'README.md': `# Collector: ${id}

What it reads, and what it publishes (resources, reading types, on which resources).

| configuration | meaning |
|---|---|
| \`file\` | the JSON file to read |

\`\`\`sh
yarn test collectors/${id}
yarn cockpit collect collectors/${id}/src/index.ts --dry-run --config collectors/${id}/dev-config.json | yarn cockpit validate -
\`\`\`

On AWS: a Lambda with the handler \`src/lambda.ts\` on an EventBridge schedule (\`rate(1 hour)\`).
See [docs/writing-a-collector.md](../../docs/writing-a-collector.md).
`,
  };
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
