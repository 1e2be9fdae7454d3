import {
  Chip,
  Grid,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import { Link } from '@backstage/core-components';
import type { CodeInsightsValue } from '@cockpit/plugin-cockpit-common';
import { formatDateTime } from '../../common';

/** How many pull requests and contributors the card lists. */
const LISTED = 5;

/** One labelled half-width section of the card. */
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

type Props = { insights: CodeInsightsValue };

export const RepositorySection = ({ insights }: Props) => (
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
);

/** The default branch's protection in words: the reviews and checks it requires. */
export function protectionText(
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

export const ProtectionSection = ({ insights }: Props) => {
  const protection = insights.branchProtection;
  return (
    <Section label="Branch protection" testId="cockpit-code-protection">
      <Chip
        size="small"
        label={protectionText(protection)}
        color={protection.protected ? 'primary' : 'secondary'}
        variant={protection.protected ? 'outlined' : 'default'}
      />
    </Section>
  );
};

/** The open pull requests: their median age, the oldest first. */
export const PullRequestsSection = ({ insights }: Props) => {
  const pulls = insights.pullRequests;
  return (
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
  );
};

export const ContributorsSection = ({ insights }: Props) => (
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
);

export const LastCommitSection = ({ insights }: Props) => (
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
);

export const LanguagesSection = ({ insights }: Props) => (
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
);
