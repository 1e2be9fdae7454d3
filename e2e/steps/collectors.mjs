/* Collector runs on the collectors page, the code insights they publish, the dark theme. */
import { api, APP, expectEqual, failures, SERVICE } from '../lib/env.mjs';
import { open, shot, showCockpitTab } from '../lib/browser.mjs';
import { runCollectors } from '../lib/collectors.mjs';

/** Step 7, then the Cockpit tab in the dark theme (the theme is set back to light after). */
export async function checkCollectors(page) {
  // 7. collectors: real runs of reference collectors recorded through the ingest route;
  // the page shows each one's last run as the API reports it
  await runCollectors();
  const collectors = await api('/collectors');
  await open(page, `${APP}/cockpit/collectors`);
  for (const id of ['github', 'pagerduty', 'jaeger', 'demo-fleet']) {
    const collector = collectors.items.find(c => c.id === id);
    if (!collector?.lastRun) {
      failures.push(`GET /collectors has no run of ${id}`);
      continue;
    }
    const row = page
      .getByRole('row')
      .filter({ has: page.getByText(id, { exact: true }) })
      .first();
    await row.waitFor();
    const cells = await row.getByRole('cell').allInnerTexts();
    expectEqual(
      `collectors page: ${id} status and messages`,
      [
        cells.some(c => c.startsWith(collector.lastRun.status)),
        cells.includes(collector.lastRun.messages.toLocaleString('en-US')),
      ],
      [true, true],
    );
  }
  expectEqual(
    'collectors page: the failed jaeger run',
    collectors.items.find(c => c.id === 'jaeger')?.lastRun?.status,
    'FAILED',
  );
  await shot(page, 'collectors.png');

  // the code insights the github collector just published, on the Cockpit tab
  await open(page, `${APP}/catalog/default/component/${SERVICE}/cockpit`);
  const codeInsights = page.getByTestId('cockpit-code-repository');
  await codeInsights.waitFor();
  expectEqual(
    'code insights: repository',
    (await codeInsights.innerText()).includes('acme/payment-service'),
    true,
  );
  await codeInsights.evaluate(element =>
    element.scrollIntoView({ block: 'start' }),
  );
  await shot(page, 'cockpit-code-insights.png');

  await page.evaluate(() => window.localStorage.setItem('theme', 'dark'));
  await showCockpitTab(page);
  await shot(page, 'cockpit-tab-dark.png');
  await page.evaluate(() => window.localStorage.setItem('theme', 'light'));
}
