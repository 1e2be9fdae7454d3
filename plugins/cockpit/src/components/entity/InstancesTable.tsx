import { Typography } from '@material-ui/core';
import { Link, Table, TableColumn } from '@backstage/core-components';
import type { ServiceOverviewInstance } from '@cockpit/plugin-cockpit-common';
import {
  formatDateTime,
  StatusChip,
  TableEmptyText,
  useFleetLinks,
} from '../common';

/** The service's instances: health, address, start time and JVM runtime. */
export const InstancesTable = (props: {
  instances: ServiceOverviewInstance[];
}) => {
  const links = useFleetLinks();
  const columns: TableColumn<ServiceOverviewInstance>[] = [
    {
      title: 'Instance',
      field: 'instanceId',
      highlight: true,
      render: row => <Link to={links.explorer(row.id)}>{row.instanceId}</Link>,
    },
    { title: 'Environment', field: 'environment' },
    {
      title: 'Health',
      field: 'health',
      render: row => <StatusChip scale="health" status={row.health} />,
    },
    { title: 'IP', field: 'ip', render: row => row.ip ?? '-' },
    { title: 'Host', field: 'host', render: row => row.host ?? '-' },
    {
      title: 'Started',
      field: 'startedAt',
      render: row => formatDateTime(row.startedAt),
    },
    {
      title: 'JVM',
      field: 'jvmRuntime.javaVersion',
      render: row =>
        row.jvmRuntime ? (
          <>
            {row.jvmRuntime.javaVersion}
            {row.jvmRuntime.vendor ? ` (${row.jvmRuntime.vendor})` : ''}
            {row.jvmRuntime.gc ? (
              <Typography
                variant="caption"
                component="div"
                color="textSecondary"
              >
                {row.jvmRuntime.gc}
              </Typography>
            ) : null}
          </>
        ) : (
          '-'
        ),
    },
    {
      title: 'Last seen',
      field: 'lastSeenOn',
      render: row => formatDateTime(row.lastSeenOn),
    },
  ];
  return (
    <Table<ServiceOverviewInstance>
      title={`Instances (${props.instances.length})`}
      options={{
        paging: props.instances.length > 20,
        pageSize: 20,
        search: true,
        padding: 'dense',
      }}
      columns={columns}
      data={props.instances}
      emptyContent={
        <TableEmptyText>
          No instance of this service has been reported.
        </TableEmptyText>
      }
    />
  );
};
