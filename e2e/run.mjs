#!/usr/bin/env node
/*
 * End-to-end check of the Cockpit UI in headless Chromium (Debian's package, driven by
 * playwright-core) against the local stack with the demo fleet.
 *
 * Reuses a running `yarn start` (ports 3000 and 7007) or starts one and stops it at the end.
 * Runs against packages/app, a new-frontend-system app. Opens a service (its Overview carries
 * the Cockpit card), opens its Cockpit tab, checks the numbers shown equal the API's and the
 * upstream links the catalog's Components, changes the timeline range, asks "who uses" a
 * vulnerable package, walks the explorer, runs reference collectors against their recorded
 * vendor APIs and checks the collectors page, then checks history (the "What changed" panel,
 * the "as of" picker, the timeline's change lane, the explorer's versions and their diff),
 * keeps a screenshot of every page under docs/screenshots/, and prints how long the Cockpit
 * tab took to show its data after navigation.
 *
 * The steps live in e2e/steps/, what they share in e2e/lib/.
 *
 * Environment: COCKPIT_API_TOKEN (default: the development token of app-config.yaml),
 * CHROMIUM_PATH (default /usr/bin/chromium), E2E_SERVICE (default payment-service).
 */
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { open } from './lib/browser.mjs';
import {
  api,
  APP,
  failures,
  log,
  screenshots,
  SERVICE,
  TAB_TARGET_MS,
  waitFor,
} from './lib/env.mjs';
import { ensureStack, stopStack } from './lib/stack.mjs';
import { checkCollectors } from './steps/collectors.mjs';
import { checkFleetPages } from './steps/fleetPages.mjs';
import { checkHistory } from './steps/history.mjs';
import { checkServiceTab } from './steps/serviceTab.mjs';

async function main() {
  const started = await ensureStack();
  let browser;
  try {
    await waitFor(
      `demo data for ${SERVICE}`,
      async () => {
        try {
          const overview = await api(
            `/calculations/service-overview?service=${SERVICE}`,
          );
          return overview.instances.length > 0;
        } catch {
          return false;
        }
      },
      5 * 60_000,
    );
    await mkdir(screenshots, { recursive: true });

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
      ],
    });
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
    });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    // the new-frontend-system app: the catalog is the landing page
    await open(page, `${APP}/`);
    await page
      .getByRole('link', { name: SERVICE })
      .first()
      .waitFor({ timeout: 60_000 });

    const { coldMs, tabMs, loadMs } = await checkServiceTab(page);
    await checkFleetPages(page);
    await checkCollectors(page);
    // last: the history steps add a deployment to the service
    await checkHistory(page);

    log(
      `Cockpit tab: ${tabMs} ms from the tab click to its data (target < ${TAB_TARGET_MS} ms)`,
    );
    log(
      `Cockpit tab: ${coldMs} ms on the first visit (loads the tab's code), ${loadMs} ms for a full page load of its URL`,
    );
    if (tabMs >= TAB_TARGET_MS)
      failures.push(
        `the Cockpit tab took ${tabMs} ms (target < ${TAB_TARGET_MS} ms)`,
      );
  } catch (error) {
    const pages = browser?.contexts()[0]?.pages() ?? [];
    if (pages[0]) {
      const file = path.join(os.tmpdir(), 'cockpit-e2e-failure.png');
      await pages[0].screenshot({ path: file }).catch(() => undefined);
      log(`the page at the failure: ${file} (${pages[0].url()})`);
    }
    throw error;
  } finally {
    await browser?.close();
    stopStack(started);
  }
  if (failures.length) {
    process.stderr.write(
      `[e2e] ${failures.length} failure(s):\n${failures
        .map(f => `  - ${f}`)
        .join('\n')}\n`,
    );
    process.exit(1);
  }
  log('all checks passed');
}

main().catch(error => {
  process.stderr.write(`[e2e] ${error?.stack ?? error}\n`);
  process.exit(1);
});
