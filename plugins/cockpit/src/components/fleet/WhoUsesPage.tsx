import { Grid } from '@material-ui/core';
import { EmptyState } from '@backstage/core-components';
import { LoadState, useQueryState, useSubmittedQuery } from '../common';
import { PackageSearchForm } from './whoUses/PackageSearchForm';
import { UsageByService } from './whoUses/UsageByService';
import { UsageSummary } from './whoUses/UsageSummary';
import { useDependencyUsage } from './whoUses/useDependencyUsage';

/** "Where is log4j 2.14.1 running?": every deployment carrying a package, by service and environment. */
export const WhoUsesPage = () => {
  const [, setQuery] = useQueryState();
  const search = useSubmittedQuery('purl');
  const purl = search.submitted;
  const { value, loading, error, byService } = useDependencyUsage(purl);

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <PackageSearchForm search={search} />
      </Grid>
      <Grid item xs={12}>
        {!purl && (
          <EmptyState
            missing="info"
            title="Which deployments carry a package?"
            description="Enter a package URL: without a version to see every version in use, with one to find exactly where it runs."
          />
        )}
        <LoadState loading={loading} error={error} />
        {value && value.items.length === 0 && (
          <EmptyState
            missing="data"
            title="No deployment carries it"
            description={`No deployment lists ${purl} among its dependencies.`}
          />
        )}
        {value && value.items.length > 0 && (
          <>
            <UsageSummary
              value={value}
              onVersion={version => setQuery({ purl: version })}
            />
            {/* keyed by the search: a new answer starts at its first services */}
            <UsageByService key={purl} byService={byService} />
          </>
        )}
      </Grid>
    </Grid>
  );
};
