import { Typography } from '@material-ui/core';
import { Table, TableColumn } from '@backstage/core-components';
import type { Reading } from '@cockpit/plugin-cockpit-common';
import { formatDateTime } from '../../common';
import { Sparkline } from './Sparkline';

const historyColumns: TableColumn<Reading>[] = [
  {
    title: 'Collected',
    width: '200px',
    cellStyle: { whiteSpace: 'nowrap' },
    field: 'collectedAt',
    render: row => formatDateTime(row.collectedAt),
  },
  {
    title: 'Value',
    field: 'value',
    sorting: false,
    render: row => (
      <Typography
        variant="body2"
        style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
      >
        {JSON.stringify(row.value)}
      </Typography>
    ),
  },
];

/** A TIME_SERIES's points: its sparkline, then its points as a table (newest first). */
export const TimeSeriesBody = (props: { readings: Reading[] }) => {
  const { readings } = props;
  return (
    <>
      <Sparkline points={readings} />
      <Table<Reading>
        options={{
          paging: readings.length > 10,
          pageSize: 10,
          search: false,
          toolbar: false,
          padding: 'dense',
        }}
        columns={historyColumns}
        data={readings}
      />
    </>
  );
};
