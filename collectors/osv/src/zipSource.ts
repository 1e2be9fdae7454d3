import { readFile, stat } from 'node:fs/promises';
import { crc32, inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';
import { AdvisorySourceError } from './errors';
import type { AdvisoryText } from './sources';

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
