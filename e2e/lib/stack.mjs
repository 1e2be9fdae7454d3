/* Starts the local stack (`yarn start`) for the end-to-end run, or reuses a running one. */
import { spawn } from 'node:child_process';
import { answers, APP, log, root, waitFor } from './env.mjs';

/** Starts `yarn start` in its own process group unless the stack already answers. */
export async function ensureStack() {
  // either port answering means a stack is running (its backend may be restarting after a
  // file change): reuse it and wait for both halves rather than start a second one
  if (
    (await answers(APP)) ||
    (await answers('http://localhost:7007/.backstage/health/v1/liveness'))
  ) {
    log('reusing the running stack on :3000 and :7007');
    await waitFor('the frontend on :3000', () => answers(APP), 5 * 60_000);
    await waitFor(
      'the backend on :7007',
      () => answers('http://localhost:7007/.backstage/health/v1/readiness'),
      5 * 60_000,
    );
    return undefined;
  }
  log('starting `yarn start` ...');
  const child = spawn('yarn', ['start'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, BROWSER: 'none' },
  });
  const output = [];
  const keep = chunk => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.on('exit', code => {
    if (code !== null && code !== 0) process.stderr.write(output.join(''));
  });
  await waitFor('the frontend on :3000', () => answers(APP), 8 * 60_000);
  await waitFor(
    'the backend on :7007',
    () => answers('http://localhost:7007/.backstage/health/v1/liveness'),
    8 * 60_000,
  );
  return child;
}

/** Stops the stack `ensureStack` started, if it started one. */
export function stopStack(child) {
  if (!child) return;
  log('stopping the stack this run started');
  try {
    process.kill(-child.pid, 'SIGINT');
  } catch {
    // already gone
  }
}
