import { Table, TableColumn } from '@backstage/core-components';
import type { Severity } from '@cockpit/plugin-cockpit-common';
import {
  AdvisoryLink,
  bySeverity,
  OriginChip,
  StatusChip,
  TableEmptyText,
} from '../../common';
import type { AdvisoryRow } from './advisoryRows';
import { ANY_SEVERITY } from './useVulnerabilityFilters';

const columns: TableColumn<AdvisoryRow>[] = [
  {
    title: 'Severity',
    field: 'severity',
    defaultSort: 'asc',
    customSort: bySeverity(row => row.severity),
    render: row => <StatusChip scale="severity" status={row.severity} />,
  },
  { title: 'Package', field: 'package', highlight: true },
  { title: 'Version', field: 'version' },
  {
    title: 'Origin',
    field: 'originText',
    render: row => <OriginChip origin={row.origin} />,
  },
  {
    title: 'Advisory',
    field: 'advisoryId',
    render: row => <AdvisoryLink id={row.advisoryId} />,
  },
  { title: 'Summary', field: 'summary' },
  {
    title: 'Fixed in',
    field: 'fixedIn',
    customSort: (a, b) =>
      a.fixedIn.join(',').localeCompare(b.fixedIn.join(',')),
    render: row => (row.fixedIn.length ? row.fixedIn.join(', ') : 'no fix yet'),
  },
];

/** The advisories of a deployment, most severe first, sortable and searchable. */
export const AdvisoriesTable = (props: {
  rows: AdvisoryRow[];
  /** The severity filter, for the empty table's words. */
  minimum: Severity;
}) => {
  const { rows, minimum } = props;
  return (
    <Table<AdvisoryRow>
      options={{
        paging: rows.length > 15,
        pageSize: 15,
        search: true,
        padding: 'dense',
      }}
      title={`${rows.length} advisories`}
      columns={columns}
      data={rows}
      emptyContent={
        <TableEmptyText>
          No known vulnerability
          {minimum !== ANY_SEVERITY ? ` of ${minimum} or higher` : ''} in this
          deployment's dependencies.
        </TableEmptyText>
      }
    />
  );
};
