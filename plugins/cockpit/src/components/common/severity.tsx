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

/** One severity as a coloured chip, optionally with a count (a zero count is shown muted). */
export const SeverityChip = (props: { severity: Severity; count?: number }) => {
  const classes = useStyles();
  const theme = useTheme();
  const { severity, count } = props;
  const label = count === undefined ? severity : `${severity} ${count}`;
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
  return (
    <Chip
      size="small"
      label={label}
      className={classes.chip}
      style={{
        backgroundColor: severityColor(theme, severity),
        color: theme.palette.getContrastText(severityColor(theme, severity)),
      }}
    />
  );
};

/**
 * Counts per severity as chips, highest severity first. `hideZero` leaves out the severities
 * with no finding (for dense tables); with nothing at all it then says "none".
 */
export const SeverityCountChips = (props: {
  counts: SeverityCounts;
  hideZero?: boolean;
}) => {
  const shown = SEVERITIES.filter(
    severity => !props.hideZero || props.counts[severity] > 0,
  );
  return (
    <span aria-label="vulnerabilities by severity">
      {shown.length === 0 ? 'none' : null}
      {shown.map(severity => (
        <SeverityChip
          key={severity}
          severity={severity}
          count={props.counts[severity]}
        />
      ))}
    </span>
  );
};

/** One health status as a coloured chip, optionally with a count. */
export const HealthChip = (props: { status: HealthStatus; count?: number }) => {
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
  return (
    <Chip
      size="small"
      label={label}
      className={classes.chip}
      style={{
        backgroundColor: healthColor(theme, status),
        color: theme.palette.getContrastText(healthColor(theme, status)),
      }}
    />
  );
};

/** Instance counts per health status as chips; `hideZero` leaves out the empty statuses. */
export const HealthCountChips = (props: {
  counts: HealthCounts;
  hideZero?: boolean;
}) => {
  const shown = HEALTH_STATUSES.filter(
    status => !props.hideZero || props.counts[status] > 0,
  );
  return (
    <span aria-label="instances by health">
      {shown.length === 0 ? 'none' : null}
      {shown.map(status => (
        <HealthChip key={status} status={status} count={props.counts[status]} />
      ))}
    </span>
  );
};
