import { useMemo } from 'react';
import { Box, Typography, makeStyles } from '@material-ui/core';
import { format } from 'jsondiffpatch/formatters/html';
import 'jsondiffpatch/formatters/styles/html.css';
import { diffValues } from './jsonDiff';

// jsondiffpatch's stylesheet gives the layout; the colours follow the theme (dark mode too)
const useStyles = makeStyles(theme => {
  const dark = theme.palette.type === 'dark';
  const added = dark ? '#1b5e20' : '#c8f7c5';
  const removed = dark ? '#7f1d1d' : '#ffcdd2';
  return {
    root: {
      overflowX: 'auto',
      color: theme.palette.text.primary,
      '& .jsondiffpatch-added .jsondiffpatch-property-name, & .jsondiffpatch-added .jsondiffpatch-value pre, & .jsondiffpatch-modified .jsondiffpatch-right-value pre, & .jsondiffpatch-textdiff-added':
        { background: added },
      '& .jsondiffpatch-deleted .jsondiffpatch-property-name, & .jsondiffpatch-deleted pre, & .jsondiffpatch-modified .jsondiffpatch-left-value pre, & .jsondiffpatch-textdiff-deleted':
        { background: removed },
      '& .jsondiffpatch-unchanged, & .jsondiffpatch-movedestination': {
        color: theme.palette.text.secondary,
      },
    },
  };
});

/**
 * The difference between two JSON values, rendered by jsondiffpatch's HTML formatter: the
 * removed value struck out beside the new one, added and removed fields marked, unchanged
 * fields shown in grey for context.
 */
export const ValueDiff = (props: {
  before: unknown;
  after: unknown;
  'data-testid'?: string;
}) => {
  const classes = useStyles();
  const html = useMemo(() => {
    const delta = diffValues(props.before, props.after);
    // the formatter escapes every key and value it writes (htmlEscape), so its HTML is safe
    return delta === undefined
      ? undefined
      : format(delta, props.before ?? null);
  }, [props.before, props.after]);
  if (html === undefined) {
    return (
      <Typography color="textSecondary" data-testid={props['data-testid']}>
        The two values are equal.
      </Typography>
    );
  }
  return (
    <Box
      className={classes.root}
      data-testid={props['data-testid']}
      // eslint-disable-next-line react/no-danger
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
};
