import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';
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

// archives up to this size are read into memory first: per-entry reads from a buffer are twice
// as fast as from the file; larger ones (every ecosystem at once) are read from the file
const IN_MEMORY_ZIP_BYTES = 256 * 1024 * 1024;

/** An open archive, and its bytes when it was read into memory. */
type OpenZip = { zip: yauzl.ZipFile; bytes?: Buffer };

async function openZip(path: string, inMemoryBytes: number): Promise<OpenZip> {
  const { size } = await stat(path);
  const options = { lazyEntries: true, autoClose: false };
  if (size <= inMemoryBytes) {
    const bytes = await readFile(path);
    return new Promise((resolve, reject) =>
      yauzl.fromBuffer(bytes, options, (error, zip) =>
        error ? reject(error) : resolve({ zip, bytes }),
      ),
    );
  }
  return new Promise((resolve, reject) =>
    yauzl.open(path, options, (error, zip) =>
      error ? reject(error) : resolve({ zip }),
    ),
  );
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | undefined> {
  return new Promise((resolve, reject) => {
    const listeners = {
      entry: (entry: yauzl.Entry) => settle(() => resolve(entry)),
      end: () => settle(() => resolve(undefined)),
      error: (error: Error) => settle(() => reject(error)),
    };
    function settle(outcome: () => void) {
      zip.off('entry', listeners.entry);
      zip.off('end', listeners.end);
      zip.off('error', listeners.error);
      outcome();
    }
    zip.on('entry', listeners.entry);
    zip.on('end', listeners.end);
    zip.on('error', listeners.error);
    zip.readEntry();
  });
}

async function storedBytes(
  { zip, bytes }: OpenZip,
  entry: yauzl.Entry,
): Promise<Buffer> {
  if (bytes) {
    // in memory: the entry's bytes are a slice of the archive, no stream needed
    const { fileDataStart } = await zip.readLocalFileHeaderPromise(entry, {
      minimal: true,
    });
    return bytes.subarray(fileDataStart, fileDataStart + entry.compressedSize);
  }
  const stream = await zip.openReadStreamPromise(entry, { decompress: false });
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function entryText(
  archive: OpenZip,
  entry: yauzl.Entry,
): Promise<string> {
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    throw new Error(
      `compression method ${entry.compressionMethod} is not supported`,
    );
  }
  // inflated in one synchronous call: a zlib stream per small entry costs more than the inflating
  const stored = await storedBytes(archive, entry);
  const text = entry.compressionMethod === 8 ? inflateRawSync(stored) : stored;
  if (text.length !== entry.uncompressedSize || crc32(text) !== entry.crc32) {
    throw new Error('the entry does not match its size or CRC-32');
  }
  return text.toString('utf8');
}

/**
 * The advisories of an OSV export archive (an ecosystem's `all.zip`, one `<id>.json` per
 * advisory), read entry by entry straight from the archive: nothing is unpacked to disk and only
 * one entry is in memory at a time.
 */
export async function* readAdvisoryZip(
  path: string,
  options: {
    /** Archives up to this size are read into memory (256 MiB by default), larger ones from the file. */
    inMemoryBytes?: number;
  } = {},
): AsyncGenerator<AdvisoryText> {
  let archive: OpenZip;
  try {
    archive = await openZip(path, options.inMemoryBytes ?? IN_MEMORY_ZIP_BYTES);
  } catch (error) {
    throw new AdvisorySourceError(
      `${path}: not a readable zip archive: ${(error as Error).message}`,
      { cause: error },
    );
  }
  try {
    for (;;) {
      let entry: yauzl.Entry | undefined;
      try {
        entry = await nextEntry(archive.zip);
      } catch (error) {
        throw new AdvisorySourceError(
          `${path}: corrupt zip archive: ${(error as Error).message}`,
          { cause: error },
        );
      }
      if (!entry) return;
      if (!entry.fileName.endsWith('.json')) continue;
      const origin = `${path}:${entry.fileName}`;
      try {
        yield { origin, text: await entryText(archive, entry) };
      } catch (error) {
        if (error instanceof AdvisorySourceError) throw error;
        throw new AdvisorySourceError(
          `${origin}: cannot read the entry: ${(error as Error).message}`,
          { cause: error },
        );
      }
    }
  } finally {
    archive.zip.close();
  }
}

/** One query of OSV's batch API: a package (by ecosystem and name) at one version. */
export interface OsvQuery {
  package: { ecosystem: string; name: string };
  version: string;
}

const DEFAULT_BATCH_SIZE = 1000;

/**
 * A client of OSV's REST API (https://google.github.io/osv.dev/api/): `POST /v1/querybatch`
 * (up to 1,000 queries a request, following each result's `next_page_token`) and
 * `GET /v1/vulns/{id}` for an advisory's full record.
 */
export class OsvApiClient {
  private readonly baseUrl: string;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly signal?: AbortSignal;

  constructor(options: {
    baseUrl: string;
    batchSize?: number;
    concurrency?: number;
    signal?: AbortSignal;
  }) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.concurrency = options.concurrency ?? 8;
    this.signal = options.signal;
  }

  private async request(
    path: string,
    init?: { body: unknown },
  ): Promise<unknown> {
    const url = `${this.baseUrl}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: init ? 'POST' : 'GET',
        headers: init ? { 'content-type': 'application/json' } : undefined,
        body: init ? JSON.stringify(init.body) : undefined,
        signal: this.signal,
      });
    } catch (error) {
      throw new AdvisorySourceError(
        `${url}: request failed: ${(error as Error).message}`,
        { cause: error },
      );
    }
    const text = await response.text();
    if (!response.ok) {
      throw new AdvisorySourceError(
        `${url}: HTTP ${response.status}: ${text.slice(0, 300)}`,
      );
    }
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new AdvisorySourceError(
        `${url}: the answer is not JSON: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  /**
   * The ids of the advisories OSV finds for each query (same order as the queries), every page
   * of every result.
   */
  async queryBatch(queries: OsvQuery[]): Promise<string[][]> {
    const ids: string[][] = queries.map(() => []);
    for (let start = 0; start < queries.length; start += this.batchSize) {
      let pending = queries
        .slice(start, start + this.batchSize)
        .map((query, offset) => ({
          index: start + offset,
          query: query as OsvQuery & { page_token?: string },
        }));
      while (pending.length > 0) {
        const answer = (await this.request('/v1/querybatch', {
          body: { queries: pending.map(p => p.query) },
        })) as {
          results?: { vulns?: { id?: unknown }[]; next_page_token?: string }[];
        };
        const results = answer?.results;
        if (!Array.isArray(results) || results.length !== pending.length) {
          throw new AdvisorySourceError(
            `${this.baseUrl}/v1/querybatch: expected ${
              pending.length
            } results, got ${Array.isArray(results) ? results.length : 'none'}`,
          );
        }
        const next: typeof pending = [];
        for (let i = 0; i < results.length; i++) {
          const result = results[i];
          const { index, query } = pending[i];
          for (const vuln of result?.vulns ?? [])
            if (typeof vuln.id === 'string') ids[index].push(vuln.id);
          if (result?.next_page_token) {
            next.push({
              index,
              query: {
                ...query,
                page_token: result.next_page_token,
              },
            });
          }
        }
        pending = next;
      }
    }
    return ids.map(list => [...new Set(list)]);
  }

  /** The full records of advisories by id, a few requests at a time. */
  async vulnerabilities(ids: string[]): Promise<OsvAdvisory[]> {
    const records: OsvAdvisory[] = new Array(ids.length);
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const index = next++;
        const id = ids[index];
        const path = `/v1/vulns/${encodeURIComponent(id)}`;
        records[index] = validateAdvisory(
          await this.request(path),
          `${this.baseUrl}${path}`,
        );
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(this.concurrency, ids.length) }, worker),
    );
    return records;
  }
}
