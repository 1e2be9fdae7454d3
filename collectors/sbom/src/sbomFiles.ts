import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** One SBOM to read, and the deployment it describes. */
export interface SbomEntry {
  service: string;
  environment: string;
  file: string;
}

const SBOM_SUFFIX = /(\.cdx|\.spdx)?\.json$/;

/** The SBOM files of a directory laid out as `<service>/<environment>.cdx.json` (or `.spdx.json`, `.json`), by path. */
export async function directoryEntries(
  directory: string,
): Promise<SbomEntry[]> {
  const entries: SbomEntry[] = [];
  for (const service of (
    await readdir(directory, { withFileTypes: true })
  ).filter(d => d.isDirectory())) {
    for (const file of await readdir(join(directory, service.name))) {
      if (!file.endsWith('.json')) continue;
      entries.push({
        service: service.name,
        environment: file.replace(SBOM_SUFFIX, ''),
        file: join(directory, service.name, file),
      });
    }
  }
  return entries.sort((a, b) => a.file.localeCompare(b.file));
}
