import { Grid, Typography } from '@material-ui/core';
import { InfoCard, Table, TableColumn } from '@backstage/core-components';
import type {
  ServiceOverviewDeployment,
  ServiceOverviewResult,
} from '@cockpit/plugin-cockpit-common';
import { formatDateTime, StatusCountChips, TableEmptyText } from '../common';

const Field = (props: {
  label: string;
  children: React.ReactNode;
  testId?: string;
}) => (
  <Grid item xs={12} sm={6}>
    <Typography variant="overline" color="textSecondary" component="div">
      {props.label}
    </Typography>
    <Typography variant="body1" component="div" data-testid={props.testId}>
      {props.children}
    </Typography>
  </Grid>
);

/** Owner, tech stack, instance health and vulnerability totals of a service. */
export const ServiceSummaryCard = (props: {
  overview: ServiceOverviewResult;
}) => {
  const { overview } = props;
  const stack = overview.techStack;
  return (
    <InfoCard
      title={`Cockpit: ${overview.service.name}`}
      subheader="What the collectors last reported"
    >
      <Grid container spacing={2}>
        <Field label="Owner team" testId="cockpit-owner">
          {overview.ownership?.team ?? 'unknown'}
          {overview.ownership?.contacts?.length ? (
            <Typography variant="body2" color="textSecondary">
              {overview.ownership.contacts.join(', ')}
            </Typography>
          ) : null}
        </Field>
        <Field label="Tech stack" testId="cockpit-tech-stack">
          {stack
            ? [stack.language, stack.framework, stack.runtime]
                .filter(Boolean)
                .join(' · ')
            : 'unknown'}
        </Field>
        <Field
          label={`Instances (${overview.health.total})`}
          testId="cockpit-health"
        >
          <StatusCountChips scale="health" counts={overview.health} />
        </Field>
        <Field label="Vulnerabilities" testId="cockpit-vulnerabilities">
          <StatusCountChips
            scale="severity"
            counts={overview.vulnerabilities}
          />
        </Field>
      </Grid>
    </InfoCard>
  );
};

const deploymentColumns: TableColumn<ServiceOverviewDeployment>[] = [
  { title: 'Environment', field: 'environment', highlight: true },
  { title: 'Version', field: 'version', render: row => row.version ?? '-' },
  {
    title: 'Deployed',
    field: 'deployedAt',
    render: row => formatDateTime(row.deployedAt),
  },
  {
    title: 'Image',
    field: 'image',
    render: row => (
      <Typography variant="body2" style={{ wordBreak: 'break-all' }}>
        {row.image ?? '-'}
      </Typography>
    ),
  },
  {
    title: 'Instances',
    sorting: false,
    render: row => (
      <StatusCountChips scale="health" counts={row.health} hideZero />
    ),
  },
  {
    title: 'Vulnerabilities',
    sorting: false,
    render: row => (
      <StatusCountChips
        scale="severity"
        counts={row.vulnerabilities}
        hideZero
      />
    ),
  },
];

/** Each environment's deployment: version, deploy time, instance health and vulnerabilities. */
export const DeploymentsTable = (props: {
  overview: ServiceOverviewResult;
}) => (
  <Table<ServiceOverviewDeployment>
    title="Deployments"
    options={{ paging: false, search: false, padding: 'dense' }}
    columns={deploymentColumns}
    data={props.overview.deployments}
    emptyContent={
      <TableEmptyText>
        No deployment of this service has been reported.
      </TableEmptyText>
    }
  />
);
