import { useMemo, useState } from 'react';
import {
  Box,
  Button,
  Divider,
  Grid,
  Typography,
  makeStyles,
} from '@material-ui/core';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import type { Change } from '@cockpit/plugin-cockpit-common';
import { rootRouteRef } from '../../../routes';
import { formatDateTime, summarizeChange, ValueDiff } from '../../common';
import { useAsOf } from '../asOf/useAsOf';
import { useRangeQuery } from '../events/eventsRange';
import { RangePicker } from '../events/RangePicker';
import { groupChangesByResource } from './groupChanges';
import { CHANGES_LIMIT, useServiceChanges } from './useServiceChanges';

const useStyles = makeStyles(theme => ({
  change: { padding: theme.spacing(0.5, 0) },
  summary: { fontFamily: 'monospace', wordBreak: 'break-word' },
}));

/** One change on one line: when, which reading, what changed, by whom; "Diff" opens the full difference. */
const ChangeLine = (props: { change: Change }) => {
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

/**
 * "What changed" in the service's subtree: every new value of a reading in the last 24 hours,
 * 7 days or a custom range (ending at the tab's "as of" moment), grouped by resource, each
 * change in one compact line with its before and after. The range lives in the URL
 * (`changes`, `changesFrom`, `changesTo`).
 */
export const WhatChangedPanel = (props: { service: string }) => {
  const fleetRoot = useRouteRef(rootRouteRef);
  const { asOf } = useAsOf();
  const state = useRangeQuery({
    keys: { choice: 'changes', from: 'changesFrom', to: 'changesTo' },
    defaultChoice: '24h',
    end: asOf,
  });
  const { value, loading, error } = useServiceChanges({
    service: props.service,
    range: state.range,
  });
  const groups = useMemo(
    () => groupChangesByResource(value?.items ?? []),
    [value],
  );
  const count = value?.items.length ?? 0;
  return (
    <InfoCard
      title="What changed"
      subheader="New values of the service's readings and of everything under it"
    >
      <Grid container spacing={2} alignItems="center">
        <RangePicker
          presets={['24h', '7d']}
          label="changes range"
          choice={state.choice}
          customFrom={state.customFrom}
          customTo={state.customTo}
          onChoose={state.choose}
          onCustom={state.setCustom}
        />
        <Grid item>
          <Typography
            variant="body2"
            color="textSecondary"
            data-testid="cockpit-changes-count"
          >
            {value
              ? `${count}${
                  value.nextCursor ? ` (newest ${CHANGES_LIMIT} shown)` : ''
                } change${count === 1 ? '' : 's'} on ${groups.length} resource${
                  groups.length === 1 ? '' : 's'
                } from ${formatDateTime(state.range.from)} to ${formatDateTime(
                  state.range.to,
                )}`
              : ''}
          </Typography>
        </Grid>
      </Grid>
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && count === 0 && (
        <Box py={3}>
          <Typography align="center" color="textSecondary">
            Nothing changed in this range.
          </Typography>
        </Box>
      )}
      {groups.map(group => (
        <Box
          key={group.resource.id}
          mt={2}
          data-testid="cockpit-changes-resource"
        >
          <Typography variant="subtitle1">
            {group.resource.type}{' '}
            <Link
              to={`${fleetRoot()}/explorer?resource=${encodeURIComponent(
                group.resource.id,
              )}`}
            >
              {group.resource.name}
            </Link>
          </Typography>
          <Divider />
          {group.changes.map((change, index) => (
            <ChangeLine
              key={`${change.readingType} ${change.at} ${index}`}
              change={change}
            />
          ))}
        </Box>
      ))}
    </InfoCard>
  );
};
