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
      // The rest of the card (the explorer's reading cards are narrow): when it was in force,
      // where it came from, and the value on one line, cut to the width there is.
      title: 'Version',
      field: 'validFrom',
      cellStyle: { width: '100%', maxWidth: 0 },
      render: row => (
        <>
          <Typography variant="body2">{spanOf(row)}</Typography>
          <Typography variant="caption" color="textSecondary" display="block">
            {row.collector ?? '-'} · {row.source ?? '-'}
          </Typography>
          <Typography
            variant="body2"
            style={{
              fontFamily: 'monospace',
              overflow: 'hidden',
              textOverflow: 'ellipsis',
              whiteSpace: 'nowrap',
            }}
          >
            {shortValue(row.value)}
          </Typography>
        </>
      ),
    },
  ];
}

/** The versions, newest first, each with when it was in force, where it came from, its value and the A and B radios. */
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
