import { Box, Button } from '@material-ui/core';
import { Table, TableColumn } from '@backstage/core-components';
import type { ServiceEvent } from '@cockpit/plugin-cockpit-common';
import { formatDateTime } from '../../common';

/** The events as a searchable table, newest first; a click on an event's title selects it. */
export const EventsTable = (props: {
  events: ServiceEvent[];
  onSelect: (id: string) => void;
}) => {
  const columns: TableColumn<ServiceEvent>[] = [
    {
      title: 'When',
      field: 'at',
      render: row => formatDateTime(row.at),
      defaultSort: 'desc',
    },
    { title: 'Kind', field: 'kind' },
    {
      title: 'Event',
      field: 'title',
      render: row => (
        <Button
          size="small"
          style={{ textTransform: 'none', textAlign: 'left' }}
          onClick={() => props.onSelect(row.id)}
        >
          {row.title}
        </Button>
      ),
    },
    {
      title: 'Severity',
      field: 'severity',
      render: row => row.severity ?? '-',
    },
    {
      title: 'Resource',
      field: 'resourceName',
      render: row => row.subject?.name ?? row.resourceName,
    },
  ];
  return (
    <Box mt={2}>
      <Table<ServiceEvent>
        options={{
          paging: true,
          pageSize: 10,
          search: true,
          padding: 'dense',
          toolbar: true,
        }}
        title="Events, newest first"
        columns={columns}
        data={props.events}
      />
    </Box>
  );
};
