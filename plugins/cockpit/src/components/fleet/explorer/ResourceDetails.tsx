import { Box, Grid } from '@material-ui/core';
import { Loaded } from '../../common';
import { ReadingsView } from '../readings/ReadingsView';
import { ChildrenCard } from './ChildrenCard';
import { ResourceHeader } from './ResourceHeader';
import { useResourceDetails } from './useResourceDetails';

/** One resource: its ancestors, its children and its readings. */
export const ResourceDetails = (props: { id: string }) => {
  const state = useResourceDetails(props.id);
  return (
    <Loaded state={state}>
      {({ resource, ancestors, children, readings }) => (
        <Box data-testid="explorer-resource">
          <ResourceHeader resource={resource} ancestors={ancestors} />
          <Grid container spacing={2}>
            <Grid item xs={12} lg={4}>
              <ChildrenCard resources={children} />
            </Grid>
            <Grid item xs={12} lg={8}>
              <ReadingsView readings={readings} />
            </Grid>
          </Grid>
        </Box>
      )}
    </Loaded>
  );
};
