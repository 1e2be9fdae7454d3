import type { ReactNode } from 'react';
import { Typography } from '@material-ui/core';

/** What a table says in its body when it has no row (its `emptyContent`). */
export const TableEmptyText = (props: { children: ReactNode }) => (
  <Typography style={{ padding: 16 }}>{props.children}</Typography>
);
