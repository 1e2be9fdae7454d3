import { useMemo } from 'react';
import { Box, Button, Typography, useTheme } from '@material-ui/core';
import {
  CodeSnippet,
  InfoCard,
  Table,
  TableColumn,
} from '@backstage/core-components';
import type { Reading } from '@cockpit/plugin-cockpit-common';
import {
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatDateTime, useQueryState } from '../common';
import { VersionHistory } from './history/VersionHistory';

/** The first numeric field of a value (or the value itself when it is a number), for the sparkline. */
function numericOf(
  value: unknown,
): { key: string; number: number } | undefined {
  if (typeof value === 'number') return { key: 'value', number: value };
  if (value && typeof value === 'object') {
    for (const [key, field] of Object.entries(value)) {
      if (typeof field === 'number') return { key, number: field };
    }
  }
  return undefined;
}

const DAY = 24 * 3600_000;

/**
 * A small chart of a TIME_SERIES: its first numeric field over time, or, when the values are
 * not numbers (events, for example), how many points fell on each day.
 */
export const Sparkline = (props: { points: Reading[] }) => {
  const theme = useTheme();
  const numericKey = numericOf(props.points[0]?.value)?.key;
  const numeric =
    numericKey !== undefined &&
    props.points.every(point => numericOf(point.value) !== undefined);
  const data = useMemo(() => {
    const oldestFirst = [...props.points].reverse();
    if (numeric) {
      return oldestFirst.map(point => ({
        t: new Date(point.collectedAt).getTime(),
        n: numericOf(point.value)!.number,
      }));
    }
    const perDay = new Map<number, number>();
    for (const point of oldestFirst) {
      const day = Math.floor(new Date(point.collectedAt).getTime() / DAY) * DAY;
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    return [...perDay.entries()].map(([t, n]) => ({ t, n }));
  }, [props.points, numeric]);
  const label = numeric ? numericKey : 'points per day';
  return (
    <Box
      height={64}
      data-testid="cockpit-sparkline"
      aria-label={`${label} over time`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data}>
          <XAxis
            dataKey="t"
            type="number"
            domain={['dataMin', 'dataMax']}
            hide
          />
          <YAxis hide domain={numeric ? ['auto', 'auto'] : [0, 'auto']} />
          <Tooltip
            labelFormatter={(t: number) =>
              formatDateTime(new Date(t).toISOString())
            }
            formatter={(n: number) => [n, label]}
          />
          <Line
            type={numeric ? 'monotone' : 'stepAfter'}
            dataKey="n"
            dot={false}
            stroke={theme.palette.primary.main}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </Box>
  );
};

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

/** "collected ... by <collector> via <source>", as much as the reading tells. */
function provenanceOf(reading: Reading): string {
  return `collected ${formatDateTime(reading.collectedAt)}${
    reading.collector ? ` by ${reading.collector}` : ''
  }${reading.source ? ` via ${reading.source}` : ''}`;
}

/**
 * A resource's readings, one card per type: the JSON of a SNAPSHOT with a button that opens
 * its versions (`?versions=<type>` in the URL), or a TIME_SERIES's sparkline and history.
 */
export const ReadingsView = (props: { readings: Reading[] }) => {
  const [query, setQuery] = useQueryState();
  const openVersions = query('versions');
  const byType = useMemo(() => {
    const groups = new Map<string, Reading[]>();
    for (const reading of props.readings) {
      groups.set(reading.type, [...(groups.get(reading.type) ?? []), reading]);
    }
    return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [props.readings]);

  if (byType.length === 0) {
    return (
      <Typography color="textSecondary">
        No reading about this resource.
      </Typography>
    );
  }
  return (
    <>
      {byType.map(([type, readings]) => {
        const latest = readings[0];
        return (
          <Box mb={2} key={type} data-testid={`reading-${type}`}>
            <InfoCard
              title={type}
              subheader={`${latest.storageMode} · ${provenanceOf(latest)}${
                latest.storageMode === 'TIME_SERIES'
                  ? ` · ${readings.length} points`
                  : ''
              }`}
              action={
                latest.storageMode === 'SNAPSHOT' ? (
                  <Button
                    size="small"
                    onClick={() =>
                      setQuery({
                        versions: openVersions === type ? undefined : type,
                      })
                    }
                  >
                    {openVersions === type ? 'Hide versions' : 'Versions'}
                  </Button>
                ) : undefined
              }
            >
              {latest.storageMode === 'TIME_SERIES' ? (
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
              ) : (
                <>
                  <CodeSnippet
                    language="json"
                    text={JSON.stringify(latest.value, null, 2)}
                  />
                  {openVersions === type && (
                    <VersionHistory
                      resourceId={latest.resourceId}
                      type={type}
                    />
                  )}
                </>
              )}
            </InfoCard>
          </Box>
        );
      })}
    </>
  );
};
