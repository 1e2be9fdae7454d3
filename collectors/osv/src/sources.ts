import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describeZodError } from '@cockpit/plugin-cockpit-common';
import { OsvAdvisory, OsvAdvisorySchema } from './advisory';
import { AdvisorySourceError } from './errors';

/** The text of one advisory and where it was read from (a file, `archive.zip:entry`, a URL). */
export interface AdvisoryText {
  origin: string;
  text: string;
}

/**
 * Parses one advisory (or a JSON array of advisories, as some exports write them).
 * @throws AdvisorySourceError naming the origin and the problem
 */
export function parseAdvisories({ origin, text }: AdvisoryText): OsvAdvisory[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AdvisorySourceError(
      `${origin}: not JSON: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return Array.isArray(json)
    ? json.map((item, index) => validateAdvisory(item, `${origin}[${index}]`))
    : [validateAdvisory(json, origin)];
}

/**
 * Checks one decoded advisory against the part of the OSV schema this collector reads.
 * @throws AdvisorySourceError naming the origin and the failing field
 */
export function validateAdvisory(json: unknown, origin: string): OsvAdvisory {
  const parsed = OsvAdvisorySchema.safeParse(json);
  if (!parsed.success) {
    throw new AdvisorySourceError(
      `${origin}: not an OSV advisory: ${describeZodError(
        parsed.error,
        'advisory',
      )}`,
    );
  }
  return parsed.data;
}

/**
 * The advisories of a directory (an unpacked export, or a clone of an advisory database laid out
 * in folders), every `*.json` file below it, in name order; or of one JSON file.
 */
export async function* readAdvisoryFiles(
  path: string,
): AsyncGenerator<AdvisoryText> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new AdvisorySourceError(
      `${path}: cannot read the advisories: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const files = info.isDirectory()
    ? (await readdir(path, { recursive: true }))
        .filter(name => name.endsWith('.json'))
        .sort()
        .map(name => join(path, name))
    : [path];
  for (const file of files)
    yield { origin: file, text: await readFile(file, 'utf8') };
}
