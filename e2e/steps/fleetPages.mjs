/* The fleet pages: vulnerabilities, who uses a package, the explorer, rejections. */
import {
  api,
  API,
  APP,
  expectEqual,
  failures,
  log,
  SERVICE,
  TOKEN,
} from '../lib/env.mjs';
import { chipTexts, open, shot } from '../lib/browser.mjs';
import { checkImageVulnerabilities } from './imageVulnerabilities.mjs';

/** Steps 4 to 6. */
export async function checkFleetPages(page) {
  // 4. who uses the most widespread vulnerable package
  const fleet = await api('/calculations/fleet-vulnerabilities');
  await open(page, `${APP}/cockpit/vulnerabilities`);
  await page.getByTestId('fleet-vulnerability-counts').waitFor();
  expectEqual(
    'fleet vulnerability counts',
    await chipTexts(page.getByTestId('fleet-vulnerability-counts')),
    ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'].map(
      s => `${s} ${fleet.counts[s]}`,
    ),
  );
  await shot(page, 'fleet-vulnerabilities.png', { full: true });

  // "who uses" takes a package URL: the most widespread library (image packages are named by the scanner)
  const vulnerable = fleet.packages.find(p => p.origin.kind === 'library');
  if (!vulnerable) throw new Error('the demo fleet has no vulnerable package');
  const purl = `${vulnerable.package}@${vulnerable.versions[0]}`;
  const usage = await api(
    `/calculations/dependency-usage?package=${encodeURIComponent(
      vulnerable.package,
    )}&version=${encodeURIComponent(vulnerable.versions[0])}`,
  );
  await open(page, `${APP}/cockpit/who-uses`);
  await page.getByTestId('who-uses-input').fill(purl);
  await page.getByRole('button', { name: 'Search' }).click();
  const summary = await page.getByTestId('who-uses-summary').innerText();
  expectEqual(
    'who uses: deployments',
    summary.split(' ')[0],
    String(usage.items.length),
  );
  expectEqual(
    'who uses: deep link',
    new URL(page.url()).searchParams.get('purl'),
    purl,
  );
  // without a version: every version in use, grouped by service and environment
  await page.getByTestId('who-uses-input').fill(vulnerable.package);
  await page.getByRole('button', { name: 'Search' }).click();
  const everyVersion = await api(
    `/calculations/dependency-usage?package=${encodeURIComponent(
      vulnerable.package,
    )}`,
  );
  await page
    .getByTestId('who-uses-summary')
    .filter({ hasText: `${everyVersion.items.length} deployment` })
    .waitFor();
  log(`ok   who uses, any version: ${everyVersion.items.length} deployments`);
  await shot(page, 'who-uses.png', { full: true });

  await checkImageVulnerabilities(page);

  // 5. the explorer: find the service, walk to a deployment, read its readings
  await open(page, `${APP}/cockpit/explorer`);
  await page.getByTestId('explorer-q').fill(SERVICE);
  await page.getByRole('button', { name: 'Search' }).click();
  await page
    .getByTestId('explorer-results')
    .getByRole('link', { name: SERVICE, exact: true })
    .click();
  await page.getByTestId('explorer-resource').waitFor();
  const child = page
    .getByRole('list', { name: 'children' })
    .getByRole('link')
    .first();
  await child.click();
  await page
    .getByRole('navigation', { name: 'ancestors' })
    .getByRole('link', { name: `Service ${SERVICE}` })
    .waitFor();
  await open(page);
  await page.getByTestId('explorer-resource').waitFor();
  await page
    .getByRole('navigation', { name: 'ancestors' })
    .getByRole('link', { name: `Service ${SERVICE}` })
    .waitFor();
  log(
    'ok   explorer walked from the service to a child and kept it after reload',
  );
  await shot(page, 'explorer.png', { full: true });

  const serviceResource = await api(
    `/resources/lookup?type=Service&name=${SERVICE}`,
  );
  await open(page, `${APP}/cockpit/explorer?resource=${serviceResource.id}`);
  await page.getByTestId('explorer-resource').waitFor();
  const series = page.getByTestId('reading-service-event');
  await series.getByTestId('cockpit-sparkline').waitFor();
  await series.evaluate(element => element.scrollIntoView({ block: 'start' }));
  await shot(page, 'explorer-time-series.png');

  // 6. rejections: a batch with a message that breaks the schema goes through the real
  // ingest route; the page lists it with the reason the API gives
  const ingest = await fetch(`${API}/ingest`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${TOKEN}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      schemaVersion: 1,
      collector: 'e2e-check',
      messages: [
        { kind: 'resource', type: 'Service', name: SERVICE },
        {
          kind: 'reading',
          type: 'health',
          resource: { type: 'Service', name: SERVICE },
        },
      ],
    }),
  });
  log(`ingested a batch with one bad message: HTTP ${ingest.status}`);
  const rejections = await api('/rejections?limit=1');
  await open(page, `${APP}/cockpit/rejections`);
  if (rejections.items.length > 0) {
    await page
      .getByText(rejections.items[0].reason, { exact: true })
      .first()
      .waitFor();
    log(
      `ok   newest rejection shown: ${JSON.stringify(
        rejections.items[0].reason,
      )}`,
    );
  } else {
    failures.push(
      'the API lists no rejection after a bad message was ingested',
    );
    await page.getByText('No rejected input').waitFor();
  }
  await shot(page, 'rejections.png');
}
