import { collectorPackageName } from './collectorId';

function camelCase(id: string): string {
  const camel = id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return /^[0-9]/.test(camel) ? `c${camel}` : camel;
}

/**
 * The files of a new collector package, by path relative to the package folder. Long because
 * it is the templates themselves (data), one entry per file.
 */
export function collectorFiles(options: {
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
