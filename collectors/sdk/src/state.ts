import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Where a collector keeps what it must remember between runs (e.g. the health collector's
 * last seen status of each instance). One JSON document per collector.
 */
export interface CollectorStateStore {
  load(): Promise<unknown | undefined>;
  save(state: unknown): Promise<void>;
}

/** A state store in memory (tests, or a long-running process). */
export function createMemoryStateStore(
  initial?: unknown,
): CollectorStateStore & {
  current: unknown;
} {
  const store = {
    current: initial as unknown,
    async load() {
      return store.current === undefined
        ? undefined
        : JSON.parse(JSON.stringify(store.current));
    },
    async save(state: unknown) {
      store.current = JSON.parse(JSON.stringify(state));
    },
  };
  return store;
}

/** A state store in one JSON file, written atomically (write then rename). */
export function createFileStateStore(options: {
  path: string;
}): CollectorStateStore {
  return {
    async load() {
      try {
        return JSON.parse(await readFile(options.path, 'utf8'));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT')
          return undefined;
        throw error;
      }
    },
    async save(state: unknown) {
      await mkdir(dirname(options.path), { recursive: true });
      const temporary = `${options.path}.${process.pid}.tmp`;
      await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`);
      await rename(temporary, options.path);
    },
  };
}
