import { Table, TableColumn } from '@backstage/core-components';
import type { FleetVulnerableService } from '@cockpit/plugin-cockpit-common';
import {
  bySeverity,
  ServiceLink,
  StatusChip,
  StatusCountChips,
  TableEmptyText,
} from '../../common';

const columns: TableColumn<FleetVulnerableService>[] = [
  {
    title: 'Service',
    field: 'service',
    render: row => <ServiceLink service={row.service} />,
  },
  {
    title: 'Highest',
    field: 'highestSeverity',
    customSort: bySeverity(row => row.highestSeverity),
    render: row => <StatusChip scale="severity" status={row.highestSeverity} />,
  },
  { title: 'Total', field: 'total', type: 'numeric' },
  {
    title: 'By severity',
    sorting: false,
    render: row => (
      <StatusCountChips scale="severity" counts={row.counts} hideZero />
    ),
  },
];

/** The services with the most vulnerabilities: their highest severity, total and counts. */
export const ExposedServicesTable = (props: {
  services: FleetVulnerableService[];
}) => (
  <Table<FleetVulnerableService>
    title="Most exposed services"
    options={{ paging: false, search: true, padding: 'dense' }}
    columns={columns}
    data={props.services}
    emptyContent={
      <TableEmptyText>No service has a known vulnerability.</TableEmptyText>
    }
  />
);
