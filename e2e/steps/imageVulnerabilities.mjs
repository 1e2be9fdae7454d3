/* Image vulnerabilities: a deployment's packages found in its container images. */
import { api, APP, expectEqual, failures, SERVICE } from '../lib/env.mjs';
import { open, shot } from '../lib/browser.mjs';

/**
 * The production deployment's packages a scanner found in its container images show on the
 * Cockpit tab beside its libraries, each marked by its origin chip.
 */
export async function checkImageVulnerabilities(page) {
  const deployment = `${SERVICE}/production`;
  const answer = await api(
    `/calculations/deployment-vulnerabilities?deployment=${encodeURIComponent(
      deployment,
    )}`,
  );
  const fromImage = answer.items.filter(item => item.origin.kind === 'image');
  if (fromImage.length === 0) {
    failures.push(
      `deployment-vulnerabilities of ${deployment}: no image package`,
    );
    return;
  }
  const first = fromImage[0];
  const label = `${
    first.origin.class === 'os' ? 'OS package' : 'library'
  } in image ${first.origin.image}`;
  await open(
    page,
    `${APP}/catalog/default/component/${SERVICE}/cockpit?deployment=${encodeURIComponent(
      deployment,
    )}`,
  );
  await page.getByTestId('cockpit-deployment-vulnerabilities').waitFor();
  // the rows sort by severity, so the image's most severe advisory is on the first page
  const row = page
    .getByRole('row')
    .filter({ hasText: label })
    .filter({ hasText: first.advisories[0].id })
    .first();
  await row.waitFor();
  expectEqual(
    'image vulnerability: origin and package on one row',
    (await row.innerText()).includes(first.package),
    true,
  );
  await row.evaluate(element => element.scrollIntoView({ block: 'center' }));
  await shot(page, 'image-vulnerabilities.png');
}
