import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { CockpitClient, Reading } from '@cockpit/plugin-cockpit-common';
import { cockpitApiRef } from '../../../api';
import { deploymentInfoVersions } from '../../../testing/history';
import { LocationProbe, searchParamsOf } from '../../../testing/LocationProbe';
import { ReadingsView } from '../readings/ReadingsView';
import { VersionHistory } from './VersionHistory';

function fakeCockpit(versions = deploymentInfoVersions()) {
  return {
    readingHistory: jest.fn(async () => ({ items: versions })),
  } as unknown as jest.Mocked<CockpitClient>;
}

async function render(cockpit: CockpitClient, element: JSX.Element, url = '/') {
  return renderInTestApp(
    <TestApiProvider apis={[[cockpitApiRef, cockpit]]}>
      {element}
      <LocationProbe />
    </TestApiProvider>,
    { routeEntries: [url] },
  );
}

const rowsOf = (list: HTMLElement) =>
  within(list)
    .getAllByRole('row')
    .slice(1)
    .map(row => row.textContent);

jest.setTimeout(30_000);

describe('VersionHistory', () => {
  it('lists the versions newest first with when each was in force, its collector and its source', async () => {
    const cockpit = fakeCockpit();
    await render(
      cockpit,
      <VersionHistory resourceId="d-prod" type="deployment-info" />,
    );

    const list = await screen.findByTestId('versions-deployment-info');
    expect(cockpit.readingHistory).toHaveBeenCalledWith(
      'd-prod',
      'deployment-info',
      { limit: 100 },
    );
    const rows = rowsOf(list);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/→ in force.*ecs.*sqs:4f1c.*1\.77\.5/);
    expect(rows[1]).toMatch(/ecs.*sns:9a7e.*1\.76\.98/);
    expect(rows[2]).toMatch(/-.*-.*1\.70\.0/);
  });

  it('compares the two newest versions first, side by side', async () => {
    await render(
      fakeCockpit(),
      <VersionHistory resourceId="d-prod" type="deployment-info" />,
    );

    const diff = await screen.findByTestId('version-diff');
    expect(within(diff).getByTestId('version-side-A')).toHaveTextContent(
      'sns:9a7e',
    );
    expect(within(diff).getByTestId('version-side-B')).toHaveTextContent(
      'in force',
    );
    const body = within(diff).getByTestId('version-diff-body');
    const modified = [...body.querySelectorAll('.jsondiffpatch-modified')];
    expect(modified.map(node => node.getAttribute('data-key')).sort()).toEqual([
      'image',
      'version',
    ]);
    const version = body.querySelector('[data-key="version"]')!;
    expect(
      version.querySelector('.jsondiffpatch-left-value'),
    ).toHaveTextContent('"1.76.98"');
    expect(
      version.querySelector('.jsondiffpatch-right-value'),
    ).toHaveTextContent('"1.77.5"');
    expect(body.querySelector('[data-key="replicas"]')).toHaveClass(
      'jsondiffpatch-unchanged',
    );
  });

  it('compares any two versions picked as A and B', async () => {
    await render(
      fakeCockpit(),
      <VersionHistory resourceId="d-prod" type="deployment-info" />,
    );
    await screen.findByTestId('version-diff');

    await userEvent.click(
      screen.getByRole('radio', {
        name: 'A: version from 2026-11-01T00:00:00.000Z',
      }),
    );

    const body = screen.getByTestId('version-diff-body');
    await waitFor(() =>
      expect(
        body.querySelector('[data-key="replicas"] .jsondiffpatch-left-value'),
      ).toHaveTextContent('2'),
    );
    expect(
      body.querySelector('[data-key="replicas"] .jsondiffpatch-right-value'),
    ).toHaveTextContent('3');
    expect(screen.getByTestId('version-side-A')).toHaveTextContent(
      'unknown collector',
    );
  });

  it('shows markup in a value as text, never as HTML', async () => {
    const [newest, older] = deploymentInfoVersions();
    await render(
      fakeCockpit([
        { ...newest, value: { version: '<img src=x onerror=alert(1)>' } },
        older,
      ]),
      <VersionHistory resourceId="d-prod" type="deployment-info" />,
    );

    const body = await screen.findByTestId('version-diff-body');
    expect(body.querySelector('img')).toBeNull();
    expect(body).toHaveTextContent('<img src=x onerror=alert(1)>');
  });

  it('says there is nothing to compare for a reading with one version', async () => {
    await render(
      fakeCockpit(deploymentInfoVersions().slice(0, 1)),
      <VersionHistory resourceId="d-prod" type="deployment-info" />,
    );

    expect(
      await screen.findByText('One version only: nothing to compare yet.'),
    ).toBeInTheDocument();
  });
});

describe('ReadingsView versions', () => {
  const reading: Reading = {
    id: '1',
    type: 'deployment-info',
    resourceId: 'd-prod',
    value: { version: '1.77.5' },
    storageMode: 'SNAPSHOT',
    collectedAt: '2026-11-22T10:00:00.000Z',
    createdOn: '2026-11-22T10:00:01.000Z',
    collector: 'ecs',
    source: 'sqs:4f1c',
  };

  it("shows a snapshot's provenance and opens its versions from the card, in the URL", async () => {
    const cockpit = fakeCockpit();
    await render(cockpit, <ReadingsView readings={[reading]} />);

    const card = screen.getByTestId('reading-deployment-info');
    expect(card).toHaveTextContent('by ecs via sqs:4f1c');
    await userEvent.click(
      within(card).getByRole('button', { name: 'Versions' }),
    );

    expect(
      await screen.findByTestId('versions-deployment-info'),
    ).toBeInTheDocument();
    expect(
      searchParamsOf(screen.getByTestId('location-search')).get('versions'),
    ).toBe('deployment-info');
  });
});
