import { Grid, Typography } from '@material-ui/core';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import {
  CALCULATIONS,
  SEVERITIES,
  type FleetVulnerabilitiesResult,
  type FleetVulnerablePackage,
  type FleetVulnerableService,
} from '@cockpit/plugin-cockpit-common';
import useAsync from 'react-use/esm/useAsync';
import { cockpitApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import {
  advisoryUrl,
  OriginChip,
  ServiceLink,
  StatusChip,
  StatusCountChips,
} from '../common';

const severityRank = (s: FleetVulnerableService['highestSeverity']) =>
  SEVERITIES.indexOf(s);

/** Fleet-wide vulnerability counts, the most exposed services and the most widespread vulnerable packages. */
export const FleetVulnerabilitiesPage = () => {
  const cockpit = useApi(cockpitApiRef);
  const fleetRoot = useRouteRef(rootRouteRef);
  const { value, loading, error } = useAsync(
    () =>
      cockpit.runCalculation<FleetVulnerabilitiesResult>(
        CALCULATIONS.fleetVulnerabilities,
        {
          limit: 20,
        },
      ),
    [cockpit],
  );
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;

  const serviceColumns: TableColumn<FleetVulnerableService>[] = [
    {
      title: 'Service',
      field: 'service',
      render: row => <ServiceLink service={row.service} />,
    },
    {
      title: 'Highest',
      field: 'highestSeverity',
      customSort: (a, b) =>
        severityRank(a.highestSeverity) - severityRank(b.highestSeverity),
      render: row => (
        <StatusChip scale="severity" status={row.highestSeverity} />
      ),
    },
    { title: 'Total', field: 'total', type: 'numeric' },
    {
      title: 'By severity',
      sorting: false,
      render: row => (
        <StatusCountChips scale="severity" counts={row.counts} hideZero />
      ),
    },
  ];
  const packageColumns: TableColumn<FleetVulnerablePackage>[] = [
    {
      title: 'Package',
      field: 'package',
      render: row =>
        row.origin.kind === 'library' ? (
          <Link
            to={`${fleetRoot()}/who-uses?purl=${encodeURIComponent(
              row.package,
            )}`}
          >
            {row.package}
          </Link>
        ) : (
          row.package
        ),
    },
    {
      title: 'Origin',
      field: 'origin.kind',
      render: row => <OriginChip origin={row.origin} />,
    },
    {
      title: 'Highest',
      field: 'highestSeverity',
      customSort: (a, b) =>
        severityRank(a.highestSeverity) - severityRank(b.highestSeverity),
      render: row => (
        <StatusChip scale="severity" status={row.highestSeverity} />
      ),
    },
    {
      title: 'Vulnerable versions',
      field: 'versions',
      render: row => row.versions.join(', '),
    },
    { title: 'Deployments', field: 'deployments', type: 'numeric' },
    { title: 'Services', field: 'services', type: 'numeric' },
    {
      title: 'Advisories',
      field: 'advisories',
      sorting: false,
      render: row => (
        <>
          {row.advisories.map((id, index) => (
            <span key={id}>
              {index > 0 ? ', ' : ''}
              <Link
                to={advisoryUrl(id)}
                target="_blank"
                rel="noopener noreferrer"
              >
                {id}
              </Link>
            </span>
          ))}
        </>
      ),
    },
  ];

  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={6}>
        <InfoCard
          title="Vulnerabilities in the fleet"
          subheader="One per deployment, version and advisory"
        >
          <div data-testid="fleet-vulnerability-counts">
            <StatusCountChips scale="severity" counts={value.counts} />
          </div>
          <Typography variant="body2" color="textSecondary">
            {value.affectedServices} services and {value.affectedDeployments}{' '}
            deployments affected
          </Typography>
          <Typography
            variant="body2"
            color="textSecondary"
            component="div"
            data-testid="fleet-vulnerability-origins"
          >
            Libraries:{' '}
            <StatusCountChips
              scale="severity"
              counts={value.countsByOrigin.library}
              hideZero
            />{' '}
            Container images:{' '}
            <StatusCountChips
              scale="severity"
              counts={value.countsByOrigin.image}
              hideZero
            />
          </Typography>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Distinct advisories in use">
          <StatusCountChips scale="severity" counts={value.advisories} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <Table<FleetVulnerableService>
          title="Most exposed services"
          options={{ paging: false, search: true, padding: 'dense' }}
          columns={serviceColumns}
          data={value.services}
          emptyContent={
            <Typography style={{ padding: 16 }}>
              No service has a known vulnerability.
            </Typography>
          }
        />
      </Grid>
      <Grid item xs={12}>
        <Table<FleetVulnerablePackage>
          title="Most widespread vulnerable packages"
          options={{ paging: false, search: true, padding: 'dense' }}
          columns={packageColumns}
          data={value.packages}
          emptyContent={
            <Typography style={{ padding: 16 }}>
              No vulnerable package is in use.
            </Typography>
          }
        />
      </Grid>
    </Grid>
  );
};
