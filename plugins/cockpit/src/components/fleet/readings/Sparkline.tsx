import { useMemo } from 'react';
import { Box, useTheme } from '@material-ui/core';
import type { Reading } from '@cockpit/plugin-cockpit-common';
import {
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatDateTime } from '../../common';

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
