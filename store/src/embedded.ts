import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Knex } from 'knex';

/**
 * The embedded databases this process started, by URL, with the one knex pool that every
 * {@link openCockpitDatabase} of the process shares for it: the embedded engine serves a
 * single connection, so the data provider and, say, the local sink must share that pool.
 */
export const embeddedInThisProcess = new Map<
  string,
  { refs: number; knex?: Knex; migrated?: Promise<unknown> }
>();

/** Thrown when the embedded PostgreSQL cannot start. */
export class EmbeddedPostgresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedPostgresError';
  }
}

/** A running embedded PostgreSQL (PGlite) served on a local TCP socket. */
export interface EmbeddedPostgres {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts PGlite, a real PostgreSQL build compiled to WebAssembly, in a worker thread and
 * serves it on 127.0.0.1 through the PostgreSQL wire protocol, so that knex and
 * node-postgres use it exactly as they use a server.
 *
 * @param options.dataDir - folder for the data files; omitted, the database lives in memory
 */
export async function startEmbeddedPostgres(
  options: { dataDir?: string; port?: number } = {},
): Promise<EmbeddedPostgres> {
  const releaseLock = options.dataDir ? lockDataDir(options.dataDir) : () => {};
  // The worker is a plain file next to this one; this package is never bundled by Backstage.
  // eslint-disable-next-line no-restricted-syntax
  const worker = new Worker(path.join(__dirname, 'embeddedWorker.js'), {
    workerData: {
      dataDir: options.dataDir,
      port: options.port ?? 0,
      // PGlite is a single PostgreSQL session. Its socket server can multiplex clients, but
      // interleaved extended-protocol messages of two clients clobber each other's unnamed
      // portal and share session state, so it serves one connection: pools of 1.
      maxConnections: 1,
    },
  });
  const address = await new Promise<string>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', code =>
      reject(
        new EmbeddedPostgresError(
          `the embedded PostgreSQL exited with code ${code}`,
        ),
      ),
    );
    worker.once('message', message => {
      if (message?.type === 'ready') resolve(message.address);
      else
        reject(
          new EmbeddedPostgresError(
            `the embedded PostgreSQL failed to start: ${message?.message}`,
          ),
        );
    });
  }).catch(async error => {
    await worker.terminate();
    releaseLock();
    throw error;
  });
  worker.removeAllListeners();
  // An idle embedded database must not keep a finished process alive.
  worker.unref();
  let closing: Promise<void> | undefined;
  const persistent = Boolean(options.dataDir);
  const url = `postgresql://postgres:postgres@${address}/postgres`;
  embeddedInThisProcess.set(url, { refs: 0 });
  return {
    url,
    close() {
      embeddedInThisProcess.delete(url);
      closing ??= (async () => {
        // An in-memory database has nothing to save: stop it at once. A database on disk
        // gets a clean shutdown (a checkpoint) when it answers in time; otherwise PostgreSQL
        // recovers from its write-ahead log on the next start.
        if (persistent) {
          await new Promise<void>(resolve => {
            const timer = setTimeout(resolve, 5_000);
            worker.once('message', () => {
              clearTimeout(timer);
              resolve();
            });
            worker.postMessage({ type: 'close' });
          });
        }
        await worker.terminate();
        releaseLock();
      })();
      return closing;
    },
  };
}

/**
 * Takes the data folder for this process: two processes on one PGlite folder would corrupt
 * it. A lock left by a process that no longer runs is taken over. The lock goes with the
 * process however it ends short of SIGKILL: on exit, and on SIGTERM or SIGINT (see
 * {@link releaseOnExit}).
 */
function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, 'cockpit.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return releaseOnExit(() => fs.rmSync(lockFile, { force: true }));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(fs.readFileSync(lockFile, 'utf8'));
      if (owner && owner !== process.pid && isRunning(owner)) {
        throw new EmbeddedPostgresError(
          `the embedded database in ${dataDir} is in use by process ${owner} (is \`yarn start\` running?); stop it, or set COCKPIT_DATABASE_URL to use a server`,
        );
      }
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new EmbeddedPostgresError(
    `could not lock the embedded database in ${dataDir}`,
  );
}

const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Runs `release` (synchronous) when the process exits, and on SIGTERM or SIGINT. A signal
 * that nothing else in the process listens to would end it without an exit event, so then
 * the lock is released and the signal raised again, which ends the process as it would
 * have; when the host listens too (Backstage stops gracefully, then exits), the exit event
 * releases it, after the database was closed. Returns the release, which unregisters.
 */
function releaseOnExit(release: () => void): () => void {
  const listeners = {
    done() {
      process.off('exit', listeners.done);
      for (const signal of STOP_SIGNALS)
        process.off(signal, listeners.onSignal);
      release();
    },
    onSignal(signal: NodeJS.Signals) {
      if (process.listenerCount(signal) > 1) return;
      listeners.done();
      process.kill(process.pid, signal);
    },
  };
  const { done, onSignal } = listeners;
  process.on('exit', done);
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  return done;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
