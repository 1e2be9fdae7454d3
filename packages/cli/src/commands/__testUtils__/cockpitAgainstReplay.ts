import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import {
  RecordedExchange,
  ReplayServer,
  startReplayServer,
} from '@cockpit/collector-sdk';

/** What a `yarn cockpit ...` run left: its exit code and its output. */
export interface CockpitRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

const root = resolve(__dirname, '../../../../..');

/**
 * Runs `yarn cockpit ...` from the repository root without blocking this process (it serves
 * the API), with COCKPIT_URL and COCKPIT_API_TOKEN emptied so only `--url`/`--token` count.
 */
export function cockpit(args: string[]): Promise<CockpitRun> {
  return new Promise((done, fail) => {
    const child = spawn('yarn', ['cockpit', ...args], {
      cwd: root,
      env: { ...process.env, COCKPIT_URL: '', COCKPIT_API_TOKEN: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', chunk => (stdout += chunk));
    child.stderr.on('data', chunk => (stderr += chunk));
    child.on('error', fail);
    child.on('close', code => done({ code, stdout, stderr }));
  });
}

/**
 * Serves the recorded exchanges while `use` runs, giving it the API base URL to pass as
 * `--url` (`<origin>/api/cockpit`), and closes the server afterwards, whatever happened.
 */
export async function withReplayServer<T>(
  exchanges: RecordedExchange[],
  use: (apiUrl: string, server: ReplayServer) => Promise<T>,
): Promise<T> {
  const server = await startReplayServer({ exchanges });
  try {
    return await use(`${server.origin}/api/cockpit`, server);
  } finally {
    await server.close();
  }
}
