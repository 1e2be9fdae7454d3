/*
 * The service's Overview card and Cockpit tab: how long the tab takes to show its data, the
 * numbers shown equal the API's, upstream links lead to the catalog, the timeline's range.
 */
import path from 'node:path';
import {
  api,
  APP,
  catalogEntityOf,
  expectEqual,
  log,
  screenshots,
  SERVICE,
} from '../lib/env.mjs';
import {
  chipTexts,
  entityTab,
  open,
  shot,
  showCockpitTab,
} from '../lib/browser.mjs';

const isRangeAnswer = r =>
  r.url().includes('/calculations/service-events') &&
  r.url().includes('from=') &&
  r.ok();

/**
 * Clicks a range button and returns the answer the timeline settled on. The tab may ask more
 * than once while the range settles, and an answer can arrive after the page last went quiet,
 * so this waits for the first answer and then until the count shown is that of the latest.
 */
async function chooseRange(page, button, url, timeoutMs = 20_000) {
  const answers = [];
  const onResponse = r => {
    if (isRangeAnswer(r)) answers.push(r);
  };
  page.on('response', onResponse);
  try {
    const first = page.waitForResponse(isRangeAnswer, { timeout: timeoutMs });
    await page.getByRole('button', { name: button }).click();
    await page.waitForURL(url);
    await first;
    const count = page.getByTestId('cockpit-events-count');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const seen = answers.length;
      const body = await answers[seen - 1].json();
      const expected = `${shownEvents(body.items)} event`;
      const shown = await count.innerText().catch(() => '');
      if (shown.startsWith(expected) && answers.length === seen) return body;
      if (Date.now() > deadline)
        throw new Error(
          `the timeline shows "${shown}" ${timeoutMs} ms after ${button}, the last of ${seen} answers says ${expected}s`,
        );
      await page.waitForTimeout(200);
    }
  } finally {
    page.off('response', onResponse);
  }
}

/**
 * How many events the timeline shows for an answer: an incident's resolution whose opening is
 * in the same answer is folded into it (the tab's foldIncidentUpdates), so it is not counted.
 */
function shownEvents(items) {
  const incident = e => (e.kind === 'incident' ? e.value?.incident : undefined);
  const opened = new Set(
    items
      .filter(e => incident(e)?.key && e.value.status !== 'resolved')
      .map(e => incident(e).key),
  );
  return items.filter(
    e =>
      !(
        incident(e)?.key &&
        e.value.status === 'resolved' &&
        opened.has(incident(e).key)
      ),
  ).length;
}

/** Steps 1 to 3; resolves with the tab's timings (cold, by a click, by loading its URL). */
export async function checkServiceTab(page) {
  // 1. open the service, then its Cockpit tab; time from the click to the data on screen
  await open(page, `${APP}/catalog/default/component/${SERVICE}`);
  await entityTab(page, '/cockpit').waitFor();
  // the Overview tab carries the Cockpit card
  await page.getByText(`Cockpit: ${SERVICE}`).waitFor();
  await shot(page, 'overview-card.png');
  // warm-up: the first visit loads the tab's code bundle; the measurement below is of a user
  // who comes back to a service page, as in daily use, and of a cold first visit
  const coldMs = await showCockpitTab(page, { click: true });

  await entityTab(page, '').click();
  await page
    .getByTestId('cockpit-entity-content')
    .waitFor({ state: 'detached' });
  const tabMs = await showCockpitTab(page, { click: true });
  const loadMs = await showCockpitTab(page);

  // 2. the numbers on the tab are the API's
  const overview = await api(
    `/calculations/service-overview?service=${SERVICE}`,
  );
  expectEqual(
    'owner team',
    await page
      .getByTestId('cockpit-owner')
      .innerText()
      .then(t => t.split('\n')[0]),
    overview.ownership?.team ?? 'unknown',
  );
  expectEqual(
    'instance health counts',
    await chipTexts(page.getByTestId('cockpit-health')),
    ['UP', 'DEGRADED', 'DOWN', 'UNKNOWN'].map(
      s => `${s} ${overview.health[s]}`,
    ),
  );
  expectEqual(
    'vulnerability counts',
    await chipTexts(page.getByTestId('cockpit-vulnerabilities')),
    ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'].map(
      s => `${s} ${overview.vulnerabilities[s]}`,
    ),
  );
  expectEqual(
    'instances listed',
    await page
      .getByRole('heading', { name: /^Instances \(\d+\)$/ })
      .innerText(),
    `Instances (${overview.instances.length})`,
  );
  await shot(page, 'cockpit-tab.png', { full: true });

  // upstream services link to their catalog Components through the annotation, in their
  // own namespace (checkout-service is in `shop`); one the catalog lacks is plain text
  const upstreams = page.getByRole('list', { name: 'upstream services' });
  for (const upstream of overview.egressUpstreams) {
    const entity = await catalogEntityOf(upstream.service);
    const link = upstreams.getByRole('link', { name: upstream.service });
    if (entity) {
      await link.waitFor();
      expectEqual(
        `link to ${upstream.service}`,
        await link.getAttribute('href'),
        `/catalog/${entity.metadata.namespace}/component/${entity.metadata.name}`,
      );
    } else {
      await upstreams.getByText(upstream.service).waitFor();
      expectEqual(`${upstream.service} unlinked`, await link.count(), 0);
    }
  }

  // 3. the timeline range: 30 days, the numbers shown are those of the API's answer
  const events = await chooseRange(page, 'last 30 days', /range=30d/);
  expectEqual(
    'events shown for 30 days',
    (await page.getByTestId('cockpit-events-count').innerText()).split(' ')[0],
    String(shownEvents(events.items)),
  );
  const chart = page.getByTestId('cockpit-events-chart');
  if (events.items.length > 0) {
    const card = chart.locator(
      'xpath=ancestor::div[contains(@class,"MuiCard-root")][1]',
    );
    await card.scrollIntoViewIfNeeded();
    const points = chart.locator('.recharts-symbols');
    await points
      .nth(Math.floor((await points.count()) / 2))
      .hover({ force: true });
    await page
      .locator('.recharts-tooltip-wrapper')
      .filter({ hasText: /\S/ })
      .waitFor();
    await chart.screenshot({
      path: path.join(screenshots, 'service-events-timeline.png'),
    });
    log('screenshot docs/screenshots/service-events-timeline.png');
  }
  await open(page);
  await page
    .getByTestId('cockpit-events-count')
    .filter({ hasText: `${shownEvents(events.items)} event` })
    .waitFor();
  expectEqual(
    'range kept after reload',
    await page
      .getByRole('button', { name: 'last 30 days' })
      .getAttribute('aria-pressed'),
    'true',
  );
  return { coldMs, tabMs, loadMs };
}
