import { Box, Grid, Typography } from '@material-ui/core';
import type { ReadingVersion } from '@cockpit/plugin-cockpit-common';
import { ValueDiff } from '../../common';
import { spanOf } from './versionSpan';

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
