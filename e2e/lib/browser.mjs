/* Browser helpers of the end-to-end run: signing in, the Cockpit tab, screenshots. */
import path from 'node:path';
import {
  answers,
  APP,
  log,
  root,
  screenshots,
  SERVICE,
  sleep,
  waitFor,
} from './env.mjs';

/** Texts of the chips inside an element, e.g. ["UP 2", "DEGRADED 1", ...]. */
export async function chipTexts(locator) {
  return locator.locator('[class*="MuiChip-label"]').allInnerTexts();
}

/**
 * Goes to an app URL (or reloads the page), entering as guest when the sign-in page shows
 * instead. Retries when the backend is restarting (the dev server restarts it on file changes).
 */
export async function open(page, url) {
  for (let attempt = 1; ; attempt++) {
    try {
      if (url) await page.goto(url);
      else await page.reload();
      const enter = page.getByRole('button', { name: 'Enter' });
      const signedIn = page.getByRole('link', { name: 'Cockpit' }).first();
      await enter.or(signedIn).first().waitFor({ timeout: 60_000 });
      if (await enter.isVisible()) {
        await enter.click();
        await signedIn.waitFor({ timeout: 20_000 });
      }
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
      log(
        `the app did not come up (${
          String(error?.message).split('\n')[0]
        }); retrying`,
      );
      await waitFor(
        'the backend',
        () => answers('http://localhost:7007/.backstage/health/v1/readiness'),
        5 * 60_000,
      );
    }
  }
}

/**
 * A tab of the service's entity page. The new frontend system's entity page renders its tabs
 * as links (not ARIA tabs), so they are found by where they lead.
 */
export function entityTab(page, path) {
  return page
    .locator(`a[href="/catalog/default/component/${SERVICE}${path}"]`)
    .first();
}

/**
 * Shows the service's Cockpit tab, by a click on its link (`click`) or by loading its URL with
 * an optional query (`?asOf=...`), and waits until it shows its data: the health card and the
 * events (or their absence). Resolves with the milliseconds that took.
 */
export async function showCockpitTab(page, { click = false, query = '' } = {}) {
  const start = Date.now();
  if (click) await entityTab(page, '/cockpit').click();
  else
    await open(
      page,
      `${APP}/catalog/default/component/${SERVICE}/cockpit${query}`,
    );
  await page.getByTestId('cockpit-health').waitFor();
  await page
    .getByTestId('cockpit-events-chart')
    .or(page.getByText('No event in this range'))
    .first()
    .waitFor();
  return Date.now() - start;
}

/**
 * Makes the viewport tall enough for the whole page (the app scrolls inside itself, so the
 * browser alone would show only the first screen), at most `maxHeight`; returns the viewport
 * to restore.
 */
async function fitViewport(page, maxHeight = 4000) {
  const viewport = page.viewportSize();
  const height = await page.evaluate(() =>
    Math.max(
      ...[...document.querySelectorAll('main, body *')]
        .slice(0, 400)
        .map(e => e.scrollHeight),
    ),
  );
  await page.setViewportSize({
    width: viewport.width,
    height: Math.min(Math.max(height, viewport.height), maxHeight),
  });
  await sleep(500);
  return viewport;
}

/** A screenshot of the viewport, or with `full` of the whole page (its top `maxHeight` pixels). */
export async function shot(page, name, { full = false, maxHeight } = {}) {
  const file = path.join(screenshots, name);
  const viewport = full ? await fitViewport(page, maxHeight) : undefined;
  await page.mouse.move(0, 0);
  await page.screenshot({ path: file });
  if (viewport) await page.setViewportSize(viewport);
  log(`screenshot ${path.relative(root, file)}`);
}

/**
 * A screenshot of one element, taken with the whole page in the viewport: an element taller
 * than the viewport, inside the app's scrolling content, comes out cut and shifted otherwise.
 */
export async function elementShot(page, locator, name) {
  const file = path.join(screenshots, name);
  const viewport = await fitViewport(page);
  try {
    await locator.scrollIntoViewIfNeeded();
    await page.mouse.move(0, 0);
    await locator.screenshot({ path: file });
  } finally {
    await page.setViewportSize(viewport);
  }
  log(`screenshot ${path.relative(root, file)}`);
}
