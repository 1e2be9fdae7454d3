import { useEffect, useMemo, useState } from 'react';
import { Box, Grid, Radio, Typography } from '@material-ui/core';
import {
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { ReadingVersion } from '@cockpit/plugin-cockpit-common';
import useAsync from 'react-use/esm/useAsync';
import { cockpitApiRef } from '../../../api';
import { formatDateTime, shortValue, ValueDiff } from '../../common';

/** How many versions the list loads (newest first). */
const LOADED = 100;

/** "from ... to ... (in force)". */
function spanOf(version: ReadingVersion): string {
  return `${formatDateTime(version.validFrom)} → ${
    version.validTo ? formatDateTime(version.validTo) : 'in force'
  }`;
}

/** The header of one side of the diff: which version, when, from which collector. */
const Side = (props: { label: string; version: ReadingVersion }) => (
  <Grid item xs={6} data-testid={`version-side-${props.label}`}>
    <Typography variant="subtitle2">
      {props.label}: {spanOf(props.version)}
    </Typography>
    <Typography variant="caption" color="textSecondary">
      {props.version.collector ?? 'unknown collector'} ·{' '}
      {props.version.source ?? 'unknown source'}
    </Typography>
  </Grid>
);

/** Two versions compared: their headers side by side, then jsondiffpatch's diff from A to B. */
export const VersionDiff = (props: {
  a: ReadingVersion;
  b: ReadingVersion;
}) => (
  <Box mt={2} data-testid="version-diff">
    <Grid container spacing={2}>
      <Side label="A" version={props.a} />
      <Side label="B" version={props.b} />
    </Grid>
    <Box mt={1}>
      <ValueDiff
        before={props.a.value}
        after={props.b.value}
        data-testid="version-diff-body"
      />
    </Box>
  </Box>
);

/**
 * The versions of one SNAPSHOT reading of a resource (newest first) with when each was in
 * force, the collector and the delivery it came in; pick any two (A and B) to see their
 * difference. The two newest are compared first.
 */
export const VersionHistory = (props: { resourceId: string; type: string }) => {
  const cockpit = useApi(cockpitApiRef);
  const { value, loading, error } = useAsync(
    () =>
      cockpit.readingHistory(props.resourceId, props.type, {
        limit: LOADED,
      }),
    [cockpit, props.resourceId, props.type],
  );
  const versions = useMemo(() => value?.items ?? [], [value]);
  const [picked, setPicked] = useState<{ a?: string; b?: string }>({});
  useEffect(
    () => setPicked({ a: versions[1]?.validFrom, b: versions[0]?.validFrom }),
    [versions],
  );

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (versions.length === 0) {
    return <Typography color="textSecondary">No version kept.</Typography>;
  }
  const pick = (side: 'a' | 'b', row: ReadingVersion) => (
    <Radio
      size="small"
      checked={picked[side] === row.validFrom}
      onChange={() => setPicked({ ...picked, [side]: row.validFrom })}
      inputProps={{
        'aria-label': `${side.toUpperCase()}: version from ${row.validFrom}`,
      }}
    />
  );
  const columns: TableColumn<ReadingVersion>[] = [
    {
      title: 'A',
      sorting: false,
      width: '48px',
      render: row => pick('a', row),
    },
    {
      title: 'B',
      sorting: false,
      width: '48px',
      render: row => pick('b', row),
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
  const a = versions.find(v => v.validFrom === picked.a);
  const b = versions.find(v => v.validFrom === picked.b);
  return (
    <Box data-testid={`versions-${props.type}`}>
      <Table<ReadingVersion>
        title={`${versions.length}${value?.nextCursor ? '+' : ''} version${
          versions.length === 1 ? '' : 's'
        }, newest first`}
        options={{
          paging: versions.length > 10,
          pageSize: 10,
          search: false,
          padding: 'dense',
        }}
        columns={columns}
        data={versions}
      />
      {a && b ? (
        <VersionDiff a={a} b={b} />
      ) : (
        <Typography color="textSecondary" style={{ marginTop: 16 }}>
          One version only: nothing to compare yet.
        </Typography>
      )}
    </Box>
  );
};
