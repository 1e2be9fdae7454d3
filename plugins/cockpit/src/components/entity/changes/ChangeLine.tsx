import { useState } from 'react';
import { Box, Button, Grid, Typography, makeStyles } from '@material-ui/core';
import type { Change } from '@cockpit/plugin-cockpit-common';
import { formatDateTime, summarizeChange, ValueDiff } from '../../common';

const useStyles = makeStyles(theme => ({
  change: { padding: theme.spacing(0.5, 0) },
  summary: { fontFamily: 'monospace', wordBreak: 'break-word' },
}));

/** One change on one line: when, which reading, what changed, by whom; "Diff" opens the full difference. */
export const ChangeLine = (props: { change: Change }) => {
  const classes = useStyles();
  const [open, setOpen] = useState(false);
  const { change } = props;
  // a deleted resource has neither before nor after: its kind says what happened
  const summary =
    change.kind === 'deleted'
      ? ['deleted by housekeeping']
      : summarizeChange(change.before, change.after);
  const what = change.readingType ?? 'resource';
  return (
    <Box className={classes.change} data-testid="cockpit-change">
      <Grid container spacing={1} alignItems="baseline" wrap="nowrap">
        <Grid item style={{ minWidth: 150 }}>
          <Typography variant="body2" color="textSecondary">
            {formatDateTime(change.at)}
          </Typography>
        </Grid>
        <Grid item style={{ minWidth: 140 }}>
          <Typography variant="body2">
            <strong>{what}</strong>
          </Typography>
        </Grid>
        <Grid item xs>
          {summary.map(line => (
            <Typography key={line} variant="body2" className={classes.summary}>
              {line}
            </Typography>
          ))}
        </Grid>
        <Grid item>
          <Typography variant="caption" color="textSecondary">
            {change.collector ?? ''}
          </Typography>
        </Grid>
        <Grid
          item
          style={{
            visibility: change.kind === 'deleted' ? 'hidden' : undefined,
          }}
        >
          <Button
            size="small"
            onClick={() => setOpen(!open)}
            aria-label={`${open ? 'hide' : 'show'} the difference of ${
              change.readingType
            } at ${change.at}`}
          >
            {open ? 'Hide' : 'Diff'}
          </Button>
        </Grid>
      </Grid>
      {open && (
        <ValueDiff
          before={change.before}
          after={change.after}
          data-testid="cockpit-change-diff"
        />
      )}
    </Box>
  );
};
