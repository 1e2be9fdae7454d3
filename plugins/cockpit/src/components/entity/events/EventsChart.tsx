import { Box, Typography, useTheme } from '@material-ui/core';
import {
  CartesianGrid,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from 'recharts';
import { formatDateTime } from '../../common';
import type { EventLane, EventPoint } from './useServiceEvents';

/** A lane's colour: fixed for the known kinds, from a palette for the others. */
export function kindColor(kind: string, index: number, dark: boolean): string {
  const known: Record<string, string> = {
    deployment: dark ? '#64b5f6' : '#1565c0',
    'instance-started': dark ? '#81c784' : '#2e7d32',
    'instance-stopped': dark ? '#bdbdbd' : '#616161',
    incident: dark ? '#ff6e6e' : '#c62828',
    change: dark ? '#ffb74d' : '#ef6c00',
  };
  const others = ['#8e24aa', '#00897b', '#f9a825', '#6d4c41', '#d81b60'];
  return known[kind] ?? others[index % others.length];
}

const EventTooltip = (props: {
  active?: boolean;
  payload?: Array<{ payload: EventPoint }>;
}) => {
  const theme = useTheme();
  const point = props.active ? props.payload?.[0]?.payload : undefined;
  if (!point) return null;
  return (
    <Box
      p={1}
      style={{
        background: theme.palette.background.paper,
        border: `1px solid ${theme.palette.divider}`,
        maxWidth: 360,
      }}
    >
      <Typography variant="subtitle2">{point.title}</Typography>
      <Typography variant="body2">
        {point.kind}
        {point.severity ? ` · ${point.severity}` : ''}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {formatDateTime(point.at)}
      </Typography>
      <Typography variant="caption" color="textSecondary">
        {point.subject
          ? `${point.subject.type} ${point.subject.name}`
          : point.resourceName}
      </Typography>
    </Box>
  );
};

/** The events over the range as a scatter chart with one lane per kind; a click selects an event. */
export const EventsChart = (props: {
  lanes: EventLane[];
  range: { from: string; to: string };
  onSelect: (id: string | undefined) => void;
}) => {
  const theme = useTheme();
  const { lanes, range } = props;
  const dark = theme.palette.type === 'dark';
  return (
    <Box
      height={Math.max(160, 60 + lanes.length * 44)}
      mt={2}
      data-testid="cockpit-events-chart"
    >
      <ResponsiveContainer width="100%" height="100%">
        <ScatterChart margin={{ top: 8, right: 24, bottom: 8, left: 24 }}>
          <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
          <XAxis
            type="number"
            dataKey="t"
            name="time"
            domain={[
              new Date(range.from).getTime(),
              new Date(range.to).getTime(),
            ]}
            tickFormatter={(t: number) =>
              formatDateTime(new Date(t).toISOString())
            }
            stroke={theme.palette.text.secondary}
            tick={{ fontSize: 11 }}
          />
          <YAxis
            type="number"
            dataKey="lane"
            name="kind"
            domain={[-0.5, lanes.length - 0.5]}
            ticks={lanes.map((_lane, index) => index)}
            tickFormatter={(index: number) => lanes[index]?.kind ?? ''}
            width={120}
            stroke={theme.palette.text.secondary}
            tick={{ fontSize: 12 }}
            reversed
          />
          <ZAxis range={[70, 70]} />
          <Tooltip
            content={<EventTooltip />}
            cursor={{ strokeDasharray: '3 3' }}
          />
          {lanes.map((lane, index) => (
            <Scatter
              key={lane.kind}
              name={lane.kind}
              data={lane.points}
              fill={kindColor(lane.kind, index, dark)}
              cursor="pointer"
              isAnimationActive={false}
              onClick={(point: unknown) =>
                props.onSelect((point as { id?: string }).id)
              }
            />
          ))}
        </ScatterChart>
      </ResponsiveContainer>
    </Box>
  );
};
