/* Runs reference collectors against recorded vendor APIs, as an operator would. */
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { API, failures, log, root, TOKEN } from './env.mjs';

/** Runs `yarn cockpit <args>` to completion; resolves with its exit code and output. */
function cockpitCli(args, env = {}) {
  return new Promise(resolve => {
    const child = spawn('yarn', ['cockpit', ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let output = '';
    child.stdout.on('data', chunk => (output += chunk));
    child.stderr.on('data', chunk => (output += chunk));
    child.on('exit', code => resolve({ code, output }));
  });
}

/**
 * Serves recorded vendor API responses with `yarn cockpit replay` and resolves with its
 * origin and a function that stops it.
 */
function startReplay(folders) {
  return new Promise((resolve, reject) => {
    const child = spawn('yarn', ['cockpit', 'replay', ...folders], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.on('exit', code =>
      reject(new Error(`yarn cockpit replay exited with ${code}`)),
    );
    child.stdout.once('data', chunk =>
      resolve({
        origin: chunk.toString().trim().split('\n')[0],
        stop: () => {
          try {
            process.kill(-child.pid, 'SIGINT');
          } catch {
            // already gone
          }
        },
      }),
    );
  });
}

/**
 * Runs reference collectors the way an operator does (`yarn cockpit collect <id> --once`,
 * published over HTTP to the stack's ingest route) against their recorded vendor APIs, and one
 * against a source that does not answer, so the collectors page has runs of each kind.
 */
export async function runCollectors() {
  const fixtures = path.join(root, 'collectors');
  const replay = await startReplay([
    path.join(fixtures, 'oncall/src/__fixtures__/pagerduty'),
    path.join(fixtures, 'github/src/__fixtures__/github'),
  ]);
  const env = {
    COCKPIT_PUBLISHER: 'http',
    COCKPIT_URL: API,
    COCKPIT_API_TOKEN: TOKEN,
  };
  const configs = {
    pagerduty: {
      baseUrl: replay.origin,
      token: 'u+fixture-token',
      services: { PQ7N4ZR: 'checkout-service' },
      catalog: {
        file: path.join(fixtures, 'oncall/src/__fixtures__/entities.json'),
      },
      pageSize: 2,
    },
    github: {
      baseUrl: replay.origin,
      token: 'ghp_fixture',
      catalog: {
        file: path.join(fixtures, 'github/src/__fixtures__/entities.json'),
      },
      pageSize: 2,
    },
    // nothing listens on port 9: the run fails and is recorded as FAILED
    jaeger: { baseUrl: 'http://127.0.0.1:9', environment: 'production' },
  };
  try {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cockpit-e2e-'));
    for (const [id, config] of Object.entries(configs)) {
      const file = path.join(dir, `${id}.json`);
      await writeFile(file, JSON.stringify(config));
      const run = await cockpitCli(
        [
          'collect',
          id,
          '--once',
          '--config',
          file,
          '--state',
          path.join(dir, `${id}.state.json`),
        ],
        env,
      );
      log(`yarn cockpit collect ${id} --once: exit ${run.code}`);
      if ((run.code === 0) !== (id !== 'jaeger')) {
        failures.push(
          `collector ${id} exited with ${run.code}: ${run.output.slice(-500)}`,
        );
      }
    }
  } finally {
    replay.stop();
  }
}
