/*
 * History on the Cockpit tab and in the explorer (contract section 7): a deployment of the
 * service gets two versions of `deployment-info` through the real ingest route; the "What
 * changed" panel shows the change with its before and after, the "as of" picker shows the
 * tab as it stood between the two versions (a shareable URL, a banner, a way back to now), the
 * timeline has its `change` lane, and the explorer lists the versions and diffs them.
 */
import { api, APP, expectEqual, ingest, log, SERVICE } from '../lib/env.mjs';
import { elementShot, open, shot, showCockpitTab } from '../lib/browser.mjs';

const HOUR = 3600_000;
const MINUTE = 60_000;
// A deployment of its own each run: its two versions are the whole history the checks expect,
// whatever earlier runs left in the store.
const ENVIRONMENT = `e2e-history-${Date.now().toString(36)}`;
const DEPLOYMENT = `${SERVICE}/${ENVIRONMENT}`;
const COLLECTOR = 'e2e-history';

/** A deployment-info value of the e2e deployment. */
const deploymentInfo = (version, at) => ({
  version,
  image: `registry.example.com/${SERVICE}:${version}`,
  region: 'eu-central-1',
  deployedAt: at,
});

/**
 * Publishes the two versions, each in its own batch (as two collector runs would), 3 and 2
 * hours ago on the minute; resolves with their times and values.
 */
async function publishTwoVersions() {
  const now = Math.floor(Date.now() / MINUTE) * MINUTE;
  const first = new Date(now - 3 * HOUR).toISOString();
  const second = new Date(now - 2 * HOUR).toISOString();
  const before = deploymentInfo('1.76.98', first);
  const after = deploymentInfo('1.77.5', second);
  for (const [value, collectedAt] of [
    [before, first],
    [after, second],
  ]) {
    await ingest({
      schemaVersion: 1,
      collector: COLLECTOR,
      messages: [
        {
          kind: 'resource',
          type: 'ServiceDeployment',
          name: DEPLOYMENT,
          parent: { type: 'Service', name: SERVICE },
        },
        {
          kind: 'reading',
          type: 'deployment-info',
          storageMode: 'SNAPSHOT',
          resource: { type: 'ServiceDeployment', name: DEPLOYMENT },
          value,
          collectedAt,
        },
      ],
    });
  }
  log(`published ${DEPLOYMENT} deployment-info 1.76.98 then 1.77.5`);
  return { first, second, before, after };
}

/** The "What changed" card of the tab: the change shown with its before and after, and its diff. */
async function checkWhatChanged(page) {
  const answer = page.waitForResponse(
    r => r.url().includes('/api/cockpit/changes?') && r.ok(),
  );
  await showCockpitTab(page, { query: '?changes=24h&range=24h' });
  const changes = await (await answer).json();
  const panel = page
    .getByTestId('cockpit-changes-count')
    .locator('xpath=ancestor::div[contains(@class,"MuiCard-root")][1]');
  await page
    .getByTestId('cockpit-changes-count')
    .filter({ hasText: /\d+ change/ })
    .waitFor();
  expectEqual(
    'what changed: changes shown for 24 hours',
    (await page.getByTestId('cockpit-changes-count').innerText()).split(' ')[0],
    String(changes.items.length),
  );
  const expected = changes.items.find(
    c =>
      c.resource.name === DEPLOYMENT &&
      c.readingType === 'deployment-info' &&
      c.after?.version === '1.77.5',
  );
  expectEqual(
    'GET /changes: the new version, with the one before',
    [expected?.before?.version, expected?.collector],
    ['1.76.98', COLLECTOR],
  );
  const group = panel
    .getByTestId('cockpit-changes-resource')
    .filter({ has: page.getByRole('link', { name: DEPLOYMENT, exact: true }) });
  await group.getByText('version: 1.76.98 → 1.77.5').first().waitFor();
  log('ok   what changed: the deployment shows version 1.76.98 → 1.77.5');
  await group
    .getByRole('button', { name: /^show the difference of deployment-info/ })
    .first()
    .click();
  const diff = group.getByTestId('cockpit-change-diff').first();
  expectEqual(
    'what changed: the diff marks the version modified',
    await diff
      .locator('[data-key="version"]')
      .first()
      .getAttribute('class')
      .then(c => c?.includes('jsondiffpatch-modified')),
    true,
  );
  await elementShot(page, panel, 'cockpit-what-changed.png');

  // the timeline of the same 24 hours has the change lane
  const events = await api(
    `/calculations/service-events?service=${SERVICE}&from=${new Date(
      Date.now() - 24 * HOUR,
    ).toISOString()}&to=${new Date().toISOString()}`,
  );
  expectEqual(
    'service-events: changes are events of kind change',
    (events.countsByKind.change ?? 0) > 0,
    true,
  );
  await page
    .getByTestId('cockpit-events-chart')
    .getByText('change', { exact: true })
    .waitFor();
  log('ok   the timeline shows the change lane');
}

/**
 * The version shown for the e2e deployment in the tab's Deployments table, once it shows
 * `expected` or after 15 seconds (the cards stay on screen while another moment loads).
 */
async function versionShown(page, expected) {
  const row = page
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name: ENVIRONMENT, exact: true }) })
    .first();
  await row.waitFor();
  await row
    .getByRole('cell', { name: expected, exact: true })
    .waitFor({ timeout: 15_000 })
    .catch(() => undefined);
  return (await row.getByRole('cell').nth(1).innerText()).trim();
}

/** The "as of" picker: the tab as it stood between the two versions, shared by its URL. */
async function checkAsOf(page, published) {
  const asOf = new Date(
    Date.parse(published.first) + 30 * MINUTE,
  ).toISOString();
  await showCockpitTab(page);
  // the picker takes local time, as a person types it; the URL keeps the moment in UTC
  const local = await page.evaluate(iso => {
    const date = new Date(iso);
    return new Date(date.getTime() - date.getTimezoneOffset() * 60_000)
      .toISOString()
      .slice(0, 16);
  }, asOf);
  await page.getByTestId('cockpit-as-of-input').fill(local);
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.waitForURL(url => new URL(url).searchParams.get('asOf') === asOf);
  await page.getByTestId('cockpit-as-of-banner').waitFor();
  const then = await api(
    `/calculations/service-overview?service=${SERVICE}&asOf=${asOf}`,
  );
  const versionThen = then.deployments.find(
    d => d.environment === ENVIRONMENT,
  )?.version;
  expectEqual(
    'as of: the API answers the version then',
    versionThen,
    '1.76.98',
  );
  expectEqual(
    'as of: the deployment version shown is the API answer then',
    await versionShown(page, versionThen),
    versionThen,
  );
  await shot(page, 'cockpit-as-of.png', { full: true, maxHeight: 1800 });

  // the URL is the link to share: a fresh load shows the same moment
  await open(page);
  await page.getByTestId('cockpit-as-of-banner').waitFor();
  expectEqual(
    'as of: kept after reload',
    await versionShown(page, versionThen),
    versionThen,
  );

  await page.getByRole('button', { name: 'Back to now' }).click();
  await page.getByTestId('cockpit-as-of-banner').waitFor({ state: 'detached' });
  expectEqual(
    'back to now: asOf left the URL',
    new URL(page.url()).searchParams.get('asOf'),
    null,
  );
  expectEqual(
    'back to now: the deployment version shown',
    await versionShown(page, '1.77.5'),
    '1.77.5',
  );
}

/** The explorer: the reading's versions with collector and source, and the diff of two. */
async function checkVersionDiff(page) {
  const deployment = await api(
    `/resources/lookup?type=ServiceDeployment&name=${encodeURIComponent(
      DEPLOYMENT,
    )}`,
  );
  const history = await api(
    `/resources/${deployment.id}/readings/deployment-info/history?limit=100`,
  );
  await open(
    page,
    `${APP}/cockpit/explorer?resource=${deployment.id}&versions=deployment-info`,
  );
  const versions = page.getByTestId('versions-deployment-info');
  await versions.waitFor();
  const rows = versions.locator('tbody tr');
  await rows.first().waitFor();
  expectEqual(
    'explorer: versions listed',
    await rows.count(),
    Math.min(history.items.length, 10),
  );
  const newest = await rows.first().innerText();
  expectEqual(
    'explorer: the newest version is in force, with its collector and source',
    [
      newest.includes('in force'),
      newest.includes(COLLECTOR),
      newest.includes(history.items[0].source),
    ],
    [true, true, true],
  );
  const diff = page.getByTestId('version-diff-body');
  const version = diff.locator('[data-key="version"]');
  expectEqual(
    'explorer: the diff of the two newest versions',
    [
      await version.locator('.jsondiffpatch-left-value').innerText(),
      await version.locator('.jsondiffpatch-right-value').innerText(),
    ],
    [
      JSON.stringify(history.items[1]?.value?.version),
      JSON.stringify(history.items[0].value.version),
    ],
  );
  await elementShot(
    page,
    versions.locator('xpath=ancestor::div[contains(@class,"MuiCard-root")][1]'),
    'explorer-version-diff.png',
  );
}

/** The history steps; they add a deployment to the service, so they run after the others. */
export async function checkHistory(page) {
  const published = await publishTwoVersions();
  await checkWhatChanged(page);
  await checkAsOf(page, published);
  await checkVersionDiff(page);
}
