import type { ReactNode } from 'react';
import { Box, Typography } from '@material-ui/core';

/** A centred, muted sentence where a list or chart would be when there is nothing to show. */
export const EmptyNote = (props: { py: number; children: ReactNode }) => (
  <Box py={props.py}>
    <Typography align="center" color="textSecondary">
      {props.children}
    </Typography>
  </Box>
);
