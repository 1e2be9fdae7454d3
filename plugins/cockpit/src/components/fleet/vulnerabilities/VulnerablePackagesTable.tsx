import { Link, Table, TableColumn } from '@backstage/core-components';
import type { FleetVulnerablePackage } from '@cockpit/plugin-cockpit-common';
import {
  AdvisoryLink,
  bySeverity,
  OriginChip,
  StatusChip,
  TableEmptyText,
  useFleetLinks,
} from '../../common';

/** The table's columns; a library's package links to "who uses" it. */
function packageColumns(
  whoUses: (purl: string) => string,
): TableColumn<FleetVulnerablePackage>[] {
  return [
    {
      title: 'Package',
      field: 'package',
      render: row =>
        row.origin.kind === 'library' ? (
          <Link to={whoUses(row.package)}>{row.package}</Link>
        ) : (
          row.package
        ),
    },
    {
      title: 'Origin',
      field: 'origin.kind',
      render: row => <OriginChip origin={row.origin} />,
    },
    {
      title: 'Highest',
      field: 'highestSeverity',
      customSort: bySeverity(row => row.highestSeverity),
      render: row => (
        <StatusChip scale="severity" status={row.highestSeverity} />
      ),
    },
    {
      title: 'Vulnerable versions',
      field: 'versions',
      render: row => row.versions.join(', '),
    },
    { title: 'Deployments', field: 'deployments', type: 'numeric' },
    { title: 'Services', field: 'services', type: 'numeric' },
    {
      title: 'Advisories',
      field: 'advisories',
      sorting: false,
      render: row => (
        <>
          {row.advisories.map((id, index) => (
            <span key={id}>
              {index > 0 ? ', ' : ''}
              <AdvisoryLink id={id} />
            </span>
          ))}
        </>
      ),
    },
  ];
}

/** The vulnerable packages in use in the most deployments: origin, severity, versions, advisories. */
export const VulnerablePackagesTable = (props: {
  packages: FleetVulnerablePackage[];
}) => {
  const links = useFleetLinks();
  return (
    <Table<FleetVulnerablePackage>
      title="Most widespread vulnerable packages"
      options={{ paging: false, search: true, padding: 'dense' }}
      columns={packageColumns(links.whoUses)}
      data={props.packages}
      emptyContent={
        <TableEmptyText>No vulnerable package is in use.</TableEmptyText>
      }
    />
  );
};
