import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

/** Modules knex or pg may require that the sink never uses: left out of the bundle. */
const UNUSED_OPTIONAL_MODULES = [
  'pg-native',
  'pg-query-stream',
  'sqlite3',
  'better-sqlite3',
  'mysql',
  'mysql2',
  'oracledb',
  'tedious',
  'mariadb',
  'mariadb/*',
  'pg-cursor',
  '@electric-sql/pglite',
  '@electric-sql/pglite-socket',
];

/**
 * Bundles the sink Lambda (`sink/src/lambda.ts`) into one minified file, `index.js` in
 * `outDir`, with its source map `index.js.map` beside it, for `lambda.Code.fromAsset(outDir)`
 * with handler `index.handler`. With `--enable-source-maps` (the stack sets it), a stack
 * trace in CloudWatch names our TypeScript files and lines. The AWS SDK v3 is left out: the
 * Node.js 22 runtime provides it.
 */
export async function bundleSinkLambda(options: { outDir: string }): Promise<{
  outDir: string;
  bytes: number;
}> {
  fs.mkdirSync(options.outDir, { recursive: true });
  const outfile = path.join(options.outDir, 'index.js');
  await build({
    // eslint-disable-next-line no-restricted-syntax
    entryPoints: [path.resolve(__dirname, '../src/lambda.ts')],
    outfile,
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    // mappings and file names only: stack traces need no source text, and the asset stays small
    sourcemap: true,
    sourcesContent: false,
    format: 'cjs',
    legalComments: 'none',
    external: ['@aws-sdk/*', ...UNUSED_OPTIONAL_MODULES],
    logLevel: 'warning',
  });
  return { outDir: options.outDir, bytes: fs.statSync(outfile).size };
}
