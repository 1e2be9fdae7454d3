import {
  Chip,
  Grid,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  CodeInsightsValue,
  CodeInsightsValueSchema,
  resourceId,
  RESOURCE_TYPES,
} from '@cockpit/plugin-cockpit-common';
import useAsync from 'react-use/esm/useAsync';
import { cockpitApiRef } from '../../api';
import { useAsOf } from './asOf';
import { formatDateTime } from '../common';

/** How many pull requests and contributors the card lists. */
const LISTED = 5;

const Section = (props: {
  label: string;
  children: React.ReactNode;
  testId?: string;
}) => (
  <Grid item xs={12} sm={6} data-testid={props.testId}>
    <Typography variant="overline" color="textSecondary" component="div">
      {props.label}
    </Typography>
    {props.children}
  </Grid>
);

function protectionText(
  protection: CodeInsightsValue['branchProtection'],
): string {
  if (protection.known === false)
    return 'unknown: the token may not read branch protection';
  if (!protection.protected) return 'not protected';
  const parts = [
    `${protection.requiredApprovingReviews ?? 0} approving review(s)`,
  ];
  if (protection.requiredStatusChecks?.length)
    parts.push(`checks ${protection.requiredStatusChecks.join(', ')}`);
  if (protection.enforceAdmins) parts.push('admins included');
  return `protected: ${parts.join(', ')}`;
}

const Insights = (props: {
  insights: CodeInsightsValue;
  collectedAt: string;
}) => {
  const { insights } = props;
  const pulls = insights.pullRequests;
  const protection = insights.branchProtection;
  return (
    <Grid container spacing={2}>
      <Section label="Repository" testId="cockpit-code-repository">
        <Typography variant="body1">
          {insights.url ? (
            <Link to={insights.url}>{insights.repository}</Link>
          ) : (
            insights.repository
          )}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          default branch {insights.defaultBranch}
        </Typography>
      </Section>
      <Section label="Branch protection" testId="cockpit-code-protection">
        <Chip
          size="small"
          label={protectionText(protection)}
          color={protection.protected ? 'primary' : 'secondary'}
          variant={protection.protected ? 'outlined' : 'default'}
        />
      </Section>
      <Section
        label={`Open pull requests (${pulls.open})`}
        testId="cockpit-code-pulls"
      >
        {pulls.open === 0 ? (
          <Typography variant="body2">None open.</Typography>
        ) : (
          <>
            <Typography variant="body2" color="textSecondary">
              median age {pulls.medianAgeDays} d, oldest since{' '}
              {formatDateTime(pulls.oldestOpenedAt)}
            </Typography>
            <List dense disablePadding aria-label="oldest open pull requests">
              {pulls.items.slice(0, LISTED).map(pull => (
                <ListItem key={pull.number} disableGutters>
                  <ListItemText
                    primary={
                      <Link to={pull.url}>
                        #{pull.number} {pull.title}
                      </Link>
                    }
                    secondary={`${pull.ageDays} d old${
                      pull.author ? ` · ${pull.author}` : ''
                    }${pull.draft ? ' · draft' : ''}`}
                  />
                </ListItem>
              ))}
            </List>
          </>
        )}
      </Section>
      <Section
        label={`Contributors, last ${insights.contributors.windowDays} days (${insights.contributors.count})`}
        testId="cockpit-code-contributors"
      >
        <Typography variant="body2" color="textSecondary">
          {insights.contributors.commits} commits on {insights.defaultBranch}
        </Typography>
        <Typography variant="body2">
          {insights.contributors.items
            .slice(0, LISTED)
            .map(c => `${c.login} (${c.commits})`)
            .join(', ') || 'nobody'}
        </Typography>
      </Section>
      <Section label="Last commit" testId="cockpit-code-last-commit">
        {insights.lastCommit ? (
          <>
            <Typography variant="body2">
              <Link to={insights.lastCommit.url}>
                {insights.lastCommit.message}
              </Link>
            </Typography>
            <Typography variant="body2" color="textSecondary">
              {insights.lastCommit.author ?? 'unknown'} ·{' '}
              {formatDateTime(insights.lastCommit.committedAt)}
            </Typography>
          </>
        ) : (
          <Typography variant="body2">No commit.</Typography>
        )}
      </Section>
      <Section label="Languages" testId="cockpit-code-languages">
        {insights.languages.slice(0, 4).map(language => (
          <Chip
            key={language.name}
            size="small"
            variant="outlined"
            style={{ marginRight: 4, marginBottom: 4 }}
            label={`${language.name} ${Math.round(language.share * 100)}%`}
          />
        ))}
      </Section>
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
  const cockpit = useApi(cockpitApiRef);
  const { asOf } = useAsOf();
  const { value, loading, error } = useAsync(async () => {
    const id = resourceId(RESOURCE_TYPES.Service, props.service);
    let page;
    try {
      page = await cockpit.listReadings(id, {
        type: 'code-insights',
        limit: 1,
        asOf,
      });
    } catch (e) {
      // no Service resource at all: nothing collected yet, not an error
      const status = e as {
        statusCode?: number;
        response?: { status?: number };
      };
      if (
        (e as Error).name === 'NotFoundError' ||
        status.statusCode === 404 ||
        status.response?.status === 404
      ) {
        return undefined;
      }
      throw e;
    }
    const reading = page.items[0];
    if (!reading) return undefined;
    const parsed = CodeInsightsValueSchema.safeParse(reading.value);
    if (!parsed.success)
      throw new Error(
        `the code-insights reading of ${props.service} is not readable: ${parsed.error.message}`,
      );
    return { insights: parsed.data, collectedAt: reading.collectedAt };
  }, [cockpit, props.service, asOf]);

  return (
    <InfoCard
      title="Code insights"
      subheader="The service's repository, as the GitHub collector last saw it"
    >
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
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
