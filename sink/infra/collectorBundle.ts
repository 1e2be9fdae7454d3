import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

/**
 * Bundles a collector's Lambda entry point (a module exporting `handler`, e.g.
 * `collectors/aws-ecs/src/lambda.ts`, or a team's own) into one minified `index.js` in `outDir`,
 * for `lambda.Code.fromAsset(outDir)` with handler `index.handler`. The AWS SDK v3 is left out:
 * the Node.js 22 runtime provides it.
 */
export async function bundleCollectorLambda(options: {
  entry: string;
  outDir: string;
}): Promise<{ outDir: string; bytes: number }> {
  fs.mkdirSync(options.outDir, { recursive: true });
  const outfile = path.join(options.outDir, 'index.js');
  await build({
    entryPoints: [options.entry],
    outfile,
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    legalComments: 'none',
    external: ['@aws-sdk/*'],
    logLevel: 'warning',
  });
  return { outDir: options.outDir, bytes: fs.statSync(outfile).size };
}
