import { Box, Grid } from '@material-ui/core';
import { EmptyState, InfoCard } from '@backstage/core-components';
import { LoadState } from '../common';
import { ResourceDetails } from './explorer/ResourceDetails';
import { ResourceResults } from './explorer/ResourceResults';
import { ResourceSearchForm } from './explorer/ResourceSearchForm';
import { ANY_TYPE, useExplorerQuery } from './explorer/useExplorerQuery';
import { useResourceSearch } from './explorer/useResourceSearch';

/** Search resources by type and name, walk the hierarchy, read a resource's readings. */
export const ExplorerPage = () => {
  const query = useExplorerQuery();
  const results = useResourceSearch(query.type, query.search.submitted);

  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={4} lg={3}>
        <InfoCard title="Find resources">
          <ResourceSearchForm query={query} />
          <Box mt={2}>
            <LoadState loading={results.loading} error={results.error} />
            {results.value && (
              <ResourceResults
                resources={results.value.items}
                more={Boolean(results.value.nextCursor)}
                selected={query.selected}
                showType={query.type === ANY_TYPE}
              />
            )}
          </Box>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={8} lg={9}>
        {query.selected ? (
          <ResourceDetails id={query.selected} />
        ) : (
          <EmptyState
            missing="info"
            title="Pick a resource"
            description="Search by type and name, then open a resource to see its parents, its children and its readings."
          />
        )}
      </Grid>
    </Grid>
  );
};
