/*
 * What every end-to-end step shares: where the stack is, the scripts' token, the API, and
 * the list of failed expectations (a run reports all of them at the end).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
);
export const screenshots = path.join(root, 'docs', 'screenshots');
export const APP = 'http://localhost:3000';
export const API = 'http://localhost:7007/api/cockpit';
export const CATALOG = 'http://localhost:7007/api/catalog';
export const TOKEN = process.env.COCKPIT_API_TOKEN || 'cockpit-dev-token';
export const SERVICE = process.env.E2E_SERVICE || 'payment-service';
export const TAB_TARGET_MS = 1500;

export const log = message => process.stdout.write(`[e2e] ${message}\n`);
export const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
export const failures = [];

/** Records a failed expectation and goes on, so one run reports everything that is wrong. */
export function expectEqual(what, actual, expected) {
  if (JSON.stringify(actual) === JSON.stringify(expected)) {
    log(`ok   ${what}: ${JSON.stringify(actual)}`);
  } else {
    failures.push(
      `${what}: shown ${JSON.stringify(actual)}, API ${JSON.stringify(
        expected,
      )}`,
    );
    log(
      `FAIL ${what}: shown ${JSON.stringify(actual)}, API ${JSON.stringify(
        expected,
      )}`,
    );
  }
}

/** GET on the Cockpit API with the scripts' token; the parsed JSON answer. */
export async function api(pathAndQuery) {
  const response = await fetch(`${API}${pathAndQuery}`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  if (!response.ok) {
    throw new Error(
      `GET ${pathAndQuery}: ${response.status} ${await response.text()}`,
    );
  }
  return response.json();
}

/** The catalog Component of a Cockpit service (by its annotation), or undefined. */
export async function catalogEntityOf(service) {
  const query = new URLSearchParams({
    filter: `kind=component,metadata.annotations.cockpit.io/service-name=${service}`,
  });
  const response = await fetch(`${CATALOG}/entities/by-query?${query}`, {
    headers: { authorization: `Bearer ${await guestToken()}` },
  });
  if (!response.ok) throw new Error(`catalog query: ${response.status}`);
  return (await response.json()).items[0];
}

/** A guest user's Backstage token: the catalog refuses the Cockpit-only static token. */
let guest;
async function guestToken() {
  guest ??= fetch('http://localhost:7007/api/auth/guest/refresh', {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  })
    .then(r => r.json())
    .then(body => body.backstageIdentity.token);
  return guest;
}

/** Whether a URL answers (below 500) within 3 seconds. */
export async function answers(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
    return response.status < 500;
  } catch {
    return false;
  }
}

/** Checks every 2 seconds until `check` resolves true; throws after `timeoutMs`. */
export async function waitFor(what, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(2000);
  }
  throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
}

/**
 * Posts a publish batch to the real ingest route (`POST /ingest`, the sink's code path);
 * throws unless every message landed.
 */
export async function ingest(batch) {
  const response = await fetch(`${API}/ingest`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${TOKEN}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(batch),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok || body.rejected > 0 || body.batchRejected) {
    throw new Error(
      `POST /ingest: ${response.status} ${JSON.stringify(body).slice(0, 500)}`,
    );
  }
  return body;
}
