import { useMemo } from 'react';
import {
  Box,
  Button,
  Grid,
  TextField,
  Typography,
  useTheme,
} from '@material-ui/core';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import {
  CodeSnippet,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import {
  CALCULATIONS,
  type ServiceEvent,
  type ServiceEventsResult,
} from '@cockpit/plugin-cockpit-common';
import useAsync from 'react-use/esm/useAsync';
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
import { cockpitApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { formatDateTime, useQueryState } from '../common';
import { foldIncidentUpdates } from './foldIncidents';

/** The range presets of the timeline. */
export const RANGE_PRESETS = {
  '24h': 24,
  '7d': 7 * 24,
  '30d': 30 * 24,
} as const;
type RangePreset = keyof typeof RANGE_PRESETS;
type RangeChoice = RangePreset | 'custom';

const HOUR = 3600_000;

/** The time window a range choice stands for; presets end now. */
export function resolveRange(
  choice: RangeChoice,
  custom: { from?: string; to?: string },
  now: number,
): { from: string; to: string } {
  if (choice === 'custom' && custom.from && custom.to) {
    return {
      from: new Date(custom.from).toISOString(),
      to: new Date(custom.to).toISOString(),
    };
  }
  const hours =
    choice === 'custom' ? RANGE_PRESETS['7d'] : RANGE_PRESETS[choice];
  return {
    from: new Date(now - hours * HOUR).toISOString(),
    to: new Date(now).toISOString(),
  };
}

function kindColor(kind: string, index: number, dark: boolean): string {
  const known: Record<string, string> = {
    deployment: dark ? '#64b5f6' : '#1565c0',
    'instance-started': dark ? '#81c784' : '#2e7d32',
    'instance-stopped': dark ? '#bdbdbd' : '#616161',
    incident: dark ? '#ff6e6e' : '#c62828',
  };
  const others = ['#8e24aa', '#00897b', '#f9a825', '#6d4c41', '#d81b60'];
  return known[kind] ?? others[index % others.length];
}

/** Turns an ISO timestamp into the value of a `datetime-local` input (local time). */
function toLocalInput(iso: string): string {
  const date = new Date(iso);
  const offset = date.getTimezoneOffset() * 60_000;
  return new Date(date.getTime() - offset).toISOString().slice(0, 16);
}

interface EventPoint extends ServiceEvent {
  t: number;
  lane: number;
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

/**
 * The service's events over a time range: a chart with one lane per kind, hover details, a
 * click to select an event and drill into its resource, and the same events as a table.
 */
export const EventsTimeline = (props: { service: string }) => {
  const cockpit = useApi(cockpitApiRef);
  const fleetRoot = useRouteRef(rootRouteRef);
  const theme = useTheme();
  const [query, setQuery] = useQueryState();
  const choice = (query('range') ?? '7d') as RangeChoice;
  const customFrom = query('from');
  const customTo = query('to');
  const selectedId = query('event');

  const range = useMemo(
    () => resolveRange(choice, { from: customFrom, to: customTo }, Date.now()),
    [choice, customFrom, customTo],
  );

  const { value, loading, error } = useAsync(
    () =>
      cockpit.runCalculation<ServiceEventsResult>(CALCULATIONS.serviceEvents, {
        service: props.service,
        from: range.from,
        to: range.to,
      }),
    [cockpit, props.service, range.from, range.to],
  );

  // an incident's opening and resolution points are shown as one incident
  const items = useMemo(() => foldIncidentUpdates(value?.items ?? []), [value]);
  const kinds = useMemo(
    () => Object.keys(value?.countsByKind ?? {}).sort(),
    [value],
  );
  const lanes = useMemo(() => {
    const byKind = new Map<string, EventPoint[]>();
    kinds.forEach(kind => byKind.set(kind, []));
    for (const event of items) {
      if (!byKind.has(event.kind)) byKind.set(event.kind, []);
      byKind.get(event.kind)!.push({
        ...event,
        t: new Date(event.at).getTime(),
        lane: 0,
      });
    }
    return [...byKind.entries()].map(([kind, points], lane) => ({
      kind,
      color: kindColor(kind, lane, theme.palette.type === 'dark'),
      points: points.map(point => ({ ...point, lane })),
    }));
  }, [items, kinds, theme.palette.type]);

  const selected = items.find(event => event.id === selectedId);
  const select = (id: string | undefined) => setQuery({ event: id });

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
          onClick={() => select(row.id)}
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
    <InfoCard
      title="Service events"
      subheader="Deployments, instance starts and stops, incidents"
    >
      <Grid container spacing={2} alignItems="center">
        <Grid item>
          <ToggleButtonGroup
            size="small"
            exclusive
            value={choice}
            aria-label="time range"
            onChange={(_e, next: RangeChoice | null) => {
              if (!next) return;
              if (next === 'custom') {
                setQuery({
                  range: 'custom',
                  from: toLocalInput(range.from),
                  to: toLocalInput(range.to),
                  event: undefined,
                });
              } else {
                setQuery({
                  range: next,
                  from: undefined,
                  to: undefined,
                  event: undefined,
                });
              }
            }}
          >
            <ToggleButton value="24h" aria-label="last 24 hours">
              24h
            </ToggleButton>
            <ToggleButton value="7d" aria-label="last 7 days">
              7d
            </ToggleButton>
            <ToggleButton value="30d" aria-label="last 30 days">
              30d
            </ToggleButton>
            <ToggleButton value="custom" aria-label="custom range">
              Custom
            </ToggleButton>
          </ToggleButtonGroup>
        </Grid>
        {choice === 'custom' && (
          <>
            <Grid item>
              <TextField
                label="From"
                type="datetime-local"
                size="small"
                value={customFrom ?? ''}
                InputLabelProps={{ shrink: true }}
                onChange={e => setQuery({ from: e.target.value })}
              />
            </Grid>
            <Grid item>
              <TextField
                label="To"
                type="datetime-local"
                size="small"
                value={customTo ?? ''}
                InputLabelProps={{ shrink: true }}
                onChange={e => setQuery({ to: e.target.value })}
              />
            </Grid>
          </>
        )}
        <Grid item>
          <Typography
            variant="body2"
            color="textSecondary"
            data-testid="cockpit-events-count"
          >
            {value
              ? `${items.length} event${items.length === 1 ? '' : 's'}${
                  value.truncated ? ' (newest shown)' : ''
                } from ${formatDateTime(value.from)} to ${formatDateTime(
                  value.to,
                )}`
              : ''}
          </Typography>
        </Grid>
      </Grid>

      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && value.items.length === 0 && (
        <Box py={4}>
          <Typography align="center" color="textSecondary">
            No event in this range. Try a longer one.
          </Typography>
        </Box>
      )}
      {value && value.items.length > 0 && (
        <>
          <Box
            height={Math.max(160, 60 + lanes.length * 44)}
            mt={2}
            data-testid="cockpit-events-chart"
          >
            <ResponsiveContainer width="100%" height="100%">
              <ScatterChart margin={{ top: 8, right: 24, bottom: 8, left: 24 }}>
                <CartesianGrid
                  strokeDasharray="3 3"
                  stroke={theme.palette.divider}
                />
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
                {lanes.map(lane => (
                  <Scatter
                    key={lane.kind}
                    name={lane.kind}
                    data={lane.points}
                    fill={lane.color}
                    cursor="pointer"
                    isAnimationActive={false}
                    onClick={(point: unknown) =>
                      select((point as { id?: string }).id)
                    }
                  />
                ))}
              </ScatterChart>
            </ResponsiveContainer>
          </Box>
          {selected && (
            <Box mt={2} data-testid="cockpit-event-detail">
              <Typography variant="h6">{selected.title}</Typography>
              <Typography variant="body2" color="textSecondary" gutterBottom>
                {selected.kind} at {formatDateTime(selected.at)} on{' '}
                {selected.resourceType}{' '}
                <Link
                  to={`${fleetRoot()}/explorer?resource=${encodeURIComponent(
                    selected.resourceId,
                  )}`}
                >
                  {selected.resourceName}
                </Link>
                {' · '}
                <Button size="small" onClick={() => select(undefined)}>
                  Close
                </Button>
              </Typography>
              <CodeSnippet
                language="json"
                text={JSON.stringify(selected.value, null, 2)}
              />
            </Box>
          )}
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
              data={items}
            />
          </Box>
        </>
      )}
    </InfoCard>
  );
};
