import fs from 'node:fs';
import path from 'node:path';

/** The repository root (the folder whose package.json declares workspaces), or the cwd. */
export function findProjectRoot(start = process.cwd()): string {
  let dir = path.resolve(start);
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        const parsed = JSON.parse(fs.readFileSync(manifest, 'utf8'));
        if (parsed.workspaces) return dir;
      } catch {
        // an unreadable manifest is not the root; keep looking upwards
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(start);
    dir = parent;
  }
}

/** Where the embedded database keeps its files: `COCKPIT_DATA_DIR` or `<project>/.cockpit-data/pglite`. */
export function defaultEmbeddedDataDir(): string {
  return process.env.COCKPIT_DATA_DIR
    ? path.resolve(process.env.COCKPIT_DATA_DIR)
    : path.join(findProjectRoot(), '.cockpit-data', 'pglite');
}
