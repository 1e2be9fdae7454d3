import { Chip, makeStyles, Theme, useTheme } from '@material-ui/core';
import {
  HEALTH_STATUSES,
  SEVERITIES,
  type HealthCounts,
  type HealthStatus,
  type Severity,
  type SeverityCounts,
} from '@cockpit/plugin-cockpit-common';

/** Colours of the severities, readable in the light and the dark theme. */
export function severityColor(theme: Theme, severity: Severity): string {
  switch (severity) {
    case 'CRITICAL':
      return theme.palette.type === 'dark' ? '#ff5c5c' : '#b71c1c';
    case 'HIGH':
      return theme.palette.type === 'dark' ? '#ff9d5c' : '#e65100';
    case 'MEDIUM':
      return theme.palette.type === 'dark' ? '#ffd54f' : '#f9a825';
    case 'LOW':
      return theme.palette.type === 'dark' ? '#90caf9' : '#1565c0';
    default:
      return theme.palette.grey[500];
  }
}

/** Colours of the health statuses. */
export function healthColor(theme: Theme, status: HealthStatus): string {
  switch (status) {
    case 'UP':
      return theme.palette.success?.main ?? '#2e7d32';
    case 'DEGRADED':
      return theme.palette.warning?.main ?? '#ed6c02';
    case 'DOWN':
      return theme.palette.error.main;
    default:
      return theme.palette.grey[500];
  }
}

const useStyles = makeStyles(theme => ({
  chip: {
    fontWeight: theme.typography.fontWeightBold as number,
    marginRight: theme.spacing(0.5),
    marginBottom: theme.spacing(0.5),
  },
  zero: {
    marginRight: theme.spacing(0.5),
    marginBottom: theme.spacing(0.5),
    opacity: 0.6,
  },
}));

/** The two ordered scales a chip shows: vulnerability severity and instance health. */
const SCALES = {
  severity: {
    values: SEVERITIES,
    color: severityColor,
    label: 'vulnerabilities by severity',
  },
  health: {
    values: HEALTH_STATUSES,
    color: healthColor,
    label: 'instances by health',
  },
} as const;

/** A value of one scale: a severity or a health status. */
export type StatusChipProps =
  | { scale: 'severity'; status: Severity; count?: number }
  | { scale: 'health'; status: HealthStatus; count?: number };

/**
 * One severity or health status as a coloured chip, optionally with a count (a zero count
 * is shown muted).
 *
 * @example
 * <StatusChip scale="severity" status="CRITICAL" count={2} />
 */
export const StatusChip = (props: StatusChipProps) => {
  const classes = useStyles();
  const theme = useTheme();
  const { status, count } = props;
  const label = count === undefined ? status : `${status} ${count}`;
  if (count === 0) {
    return (
      <Chip
        size="small"
        variant="outlined"
        label={label}
        className={classes.zero}
      />
    );
  }
  const color =
    props.scale === 'severity'
      ? severityColor(theme, props.status)
      : healthColor(theme, props.status);
  return (
    <Chip
      size="small"
      label={label}
      className={classes.chip}
      style={{
        backgroundColor: color,
        color: theme.palette.getContrastText(color),
      }}
    />
  );
};

/**
 * Counts per severity or health status as chips, in the scale's order. `hideZero` leaves out
 * the empty ones (for dense tables); with nothing at all it then says "none".
 *
 * @example
 * <StatusCountChips scale="health" counts={overview.health} hideZero />
 */
export const StatusCountChips = (
  props:
    | { scale: 'severity'; counts: SeverityCounts; hideZero?: boolean }
    | { scale: 'health'; counts: HealthCounts; hideZero?: boolean },
) => {
  const scale = SCALES[props.scale];
  const counts = props.counts as Record<string, number>;
  const shown = (scale.values as readonly string[]).filter(
    status => !props.hideZero || counts[status] > 0,
  );
  return (
    <span aria-label={scale.label}>
      {shown.length === 0 ? 'none' : null}
      {shown.map(status => (
        <StatusChip
          key={status}
          {...({ scale: props.scale, status } as StatusChipProps)}
          count={counts[status]}
        />
      ))}
    </span>
  );
};
