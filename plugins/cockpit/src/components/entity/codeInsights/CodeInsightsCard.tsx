import { Grid, Typography } from '@material-ui/core';
import { InfoCard } from '@backstage/core-components';
import type { CodeInsightsValue } from '@cockpit/plugin-cockpit-common';
import { formatDateTime, LoadState } from '../../common';
import {
  ContributorsSection,
  LanguagesSection,
  LastCommitSection,
  ProtectionSection,
  PullRequestsSection,
  RepositorySection,
} from './insightSections';
import { useCodeInsights } from './useCodeInsights';

/** The sections of one reading and when it was collected. */
const Insights = (props: {
  insights: CodeInsightsValue;
  collectedAt: string;
}) => {
  const { insights } = props;
  return (
    <Grid container spacing={2}>
      <RepositorySection insights={insights} />
      <ProtectionSection insights={insights} />
      <PullRequestsSection insights={insights} />
      <ContributorsSection insights={insights} />
      <LastCommitSection insights={insights} />
      <LanguagesSection insights={insights} />
      <Grid item xs={12}>
        <Typography variant="caption" color="textSecondary">
          Collected {formatDateTime(props.collectedAt)}
        </Typography>
      </Grid>
    </Grid>
  );
};

/**
 * The `code-insights` reading of a service: its repository's open pull requests and their age,
 * contributors, last commit, branch protection and languages. Self-contained: it reads the
 * Service's newest reading through the Cockpit API.
 */
export const CodeInsightsCard = (props: { service: string }) => {
  const { value, loading, error } = useCodeInsights(props.service);
  return (
    <InfoCard
      title="Code insights"
      subheader="The service's repository, as the GitHub collector last saw it"
    >
      <LoadState loading={loading} error={error} />
      {!loading && !error && !value && (
        <Typography color="textSecondary">
          No code insights yet. The GitHub collector reads the repository named
          by the github.com/project-slug annotation.
        </Typography>
      )}
      {value && (
        <Insights insights={value.insights} collectedAt={value.collectedAt} />
      )}
    </InfoCard>
  );
};
