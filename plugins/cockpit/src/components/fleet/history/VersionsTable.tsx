import { Radio, Typography } from '@material-ui/core';
import { Table, TableColumn } from '@backstage/core-components';
import type { ReadingVersion } from '@cockpit/plugin-cockpit-common';
import { shortValue } from '../../common';
import type { Side, useVersionPicks } from './useVersionPicks';
import { spanOf } from './versionSpan';

type Picks = ReturnType<typeof useVersionPicks>;

/** The radio that picks a version for one side of the comparison. */
const PickRadio = (props: {
  side: Side;
  row: ReadingVersion;
  picks: Picks;
}) => (
  <Radio
    size="small"
    checked={props.picks.isPicked(props.side, props.row)}
    onChange={() => props.picks.pick(props.side, props.row)}
    inputProps={{
      'aria-label': `${props.side.toUpperCase()}: version from ${
        props.row.validFrom
      }`,
    }}
  />
);

function versionColumns(picks: Picks): TableColumn<ReadingVersion>[] {
  return [
    {
      title: 'A',
      sorting: false,
      width: '48px',
      render: row => <PickRadio side="a" row={row} picks={picks} />,
    },
    {
      title: 'B',
      sorting: false,
      width: '48px',
      render: row => <PickRadio side="b" row={row} picks={picks} />,
    },
    {
      title: 'Valid',
      field: 'validFrom',
      cellStyle: { whiteSpace: 'nowrap' },
      render: spanOf,
    },
    {
      title: 'Collector',
      field: 'collector',
      render: row => row.collector ?? '-',
    },
    { title: 'Source', field: 'source', render: row => row.source ?? '-' },
    {
      title: 'Value',
      sorting: false,
      render: row => (
        <Typography variant="body2" style={{ fontFamily: 'monospace' }}>
          {shortValue(row.value)}
        </Typography>
      ),
    },
  ];
}

/** The versions, newest first, each with when it was in force, where it came from and the A and B radios. */
export const VersionsTable = (props: {
  versions: ReadingVersion[];
  /** Whether more versions exist than were loaded. */
  more: boolean;
  picks: Picks;
}) => {
  const { versions } = props;
  return (
    <Table<ReadingVersion>
      title={`${versions.length}${props.more ? '+' : ''} version${
        versions.length === 1 ? '' : 's'
      }, newest first`}
      options={{
        paging: versions.length > 10,
        pageSize: 10,
        search: false,
        padding: 'dense',
      }}
      columns={versionColumns(props.picks)}
      data={versions}
    />
  );
};
