import type { ReactNode } from 'react';
import { Box, Typography } from '@material-ui/core';
import { CodeSnippet } from '@backstage/core-components';

/** A value as indented JSON in a code snippet. */
export const JsonSnippet = (props: { value: unknown }) => (
  <CodeSnippet language="json" text={JSON.stringify(props.value, null, 2)} />
);

/** The detail panel of a table row: a heading over what the row holds (JSON, usually). */
export const RowDetailPanel = (props: {
  title: string;
  children: ReactNode;
}) => (
  <Box p={2}>
    <Typography variant="subtitle2" gutterBottom>
      {props.title}
    </Typography>
    {props.children}
  </Box>
);
