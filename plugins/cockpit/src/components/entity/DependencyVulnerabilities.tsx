import { useMemo } from 'react';
import {
  FormControl,
  Grid,
  InputLabel,
  MenuItem,
  Select,
  Typography,
} from '@material-ui/core';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  CALCULATIONS,
  SEVERITIES,
  type DeploymentVulnerabilitiesResult,
  type ServiceOverviewDeployment,
  type Severity,
  type VulnerabilityOrigin,
} from '@cockpit/plugin-cockpit-common';
import useAsync from 'react-use/esm/useAsync';
import { cockpitApiRef } from '../../api';
import { useAsOf } from './asOf';
import {
  advisoryUrl,
  OriginChip,
  originLabel,
  StatusChip,
  StatusCountChips,
  useQueryState,
} from '../common';

/** One advisory of one vulnerable dependency version: a row of the table. */
interface AdvisoryRow {
  key: string;
  package: string;
  version: string;
  versionName: string;
  origin: VulnerabilityOrigin;
  /** The origin in words, so that the table's search finds "image" or an image reference. */
  originText: string;
  advisoryId: string;
  severity: Severity;
  summary: string;
  fixedIn: string[];
}

const severityRank = (severity: Severity) => SEVERITIES.indexOf(severity);

const columns: TableColumn<AdvisoryRow>[] = [
  {
    title: 'Severity',
    field: 'severity',
    defaultSort: 'asc',
    customSort: (a, b) => severityRank(a.severity) - severityRank(b.severity),
    render: row => <StatusChip scale="severity" status={row.severity} />,
  },
  { title: 'Package', field: 'package', highlight: true },
  { title: 'Version', field: 'version' },
  {
    title: 'Origin',
    field: 'originText',
    render: row => <OriginChip origin={row.origin} />,
  },
  {
    title: 'Advisory',
    field: 'advisoryId',
    render: row => (
      <Link
        to={advisoryUrl(row.advisoryId)}
        target="_blank"
        rel="noopener noreferrer"
      >
        {row.advisoryId}
      </Link>
    ),
  },
  { title: 'Summary', field: 'summary' },
  {
    title: 'Fixed in',
    field: 'fixedIn',
    customSort: (a, b) =>
      a.fixedIn.join(',').localeCompare(b.fixedIn.join(',')),
    render: row => (row.fixedIn.length ? row.fixedIn.join(', ') : 'no fix yet'),
  },
];

/**
 * Vulnerable dependency versions of one deployment (chosen in the URL), one row per advisory,
 * with severity chips, links to the advisories and fixed-in versions; sortable and filterable.
 */
export const DependencyVulnerabilities = (props: {
  deployments: ServiceOverviewDeployment[];
}) => {
  const cockpit = useApi(cockpitApiRef);
  const [query, setQuery] = useQueryState();
  // production first when nothing is chosen: that is where a vulnerability matters most
  const deploymentName =
    query('deployment') ??
    (
      props.deployments.find(d => d.environment === 'production') ??
      props.deployments[0]
    )?.name;
  const minimum = (query('severity') ?? 'UNKNOWN') as Severity;
  const { asOf } = useAsOf();

  const { value, loading, error } = useAsync(async () => {
    if (!deploymentName) return undefined;
    return cockpit.runCalculation<DeploymentVulnerabilitiesResult>(
      CALCULATIONS.deploymentVulnerabilities,
      { deployment: deploymentName, asOf },
    );
  }, [cockpit, deploymentName, asOf]);

  const rows = useMemo<AdvisoryRow[]>(
    () =>
      (value?.items ?? []).flatMap(version =>
        version.advisories
          .filter(
            advisory =>
              severityRank(advisory.severity) <= severityRank(minimum),
          )
          .map(advisory => ({
            key: `${version.id} ${version.name} ${advisory.id}`,
            package: version.package,
            version: version.version,
            versionName: version.name,
            origin: version.origin,
            originText: originLabel(version.origin),
            advisoryId: advisory.id,
            severity: advisory.severity,
            summary: advisory.summary,
            fixedIn: advisory.fixedIn,
          })),
      ),
    [value, minimum],
  );

  if (props.deployments.length === 0) {
    return (
      <InfoCard title="Dependencies and vulnerabilities">
        <Typography>
          No deployment of this service has been reported.
        </Typography>
      </InfoCard>
    );
  }

  return (
    <InfoCard
      title="Dependencies and vulnerabilities"
      subheader="Vulnerable dependency versions and container image packages per deployment"
    >
      <Grid container spacing={2} alignItems="center">
        <Grid item>
          <FormControl
            size="small"
            variant="outlined"
            style={{ minWidth: 240 }}
          >
            <InputLabel id="cockpit-vuln-deployment">Deployment</InputLabel>
            <Select
              labelId="cockpit-vuln-deployment"
              label="Deployment"
              value={deploymentName ?? ''}
              onChange={e => setQuery({ deployment: String(e.target.value) })}
            >
              {props.deployments.map(deployment => (
                <MenuItem key={deployment.id} value={deployment.name}>
                  {deployment.environment} (
                  {deployment.version ?? 'unknown version'})
                </MenuItem>
              ))}
            </Select>
          </FormControl>
        </Grid>
        <Grid item>
          <FormControl
            size="small"
            variant="outlined"
            style={{ minWidth: 180 }}
          >
            <InputLabel id="cockpit-vuln-severity">At least</InputLabel>
            <Select
              labelId="cockpit-vuln-severity"
              label="At least"
              value={minimum}
              onChange={e =>
                setQuery({
                  severity:
                    e.target.value === 'UNKNOWN'
                      ? undefined
                      : String(e.target.value),
                })
              }
            >
              {SEVERITIES.map(severity => (
                <MenuItem key={severity} value={severity}>
                  {severity === 'UNKNOWN' ? 'any severity' : severity}
                </MenuItem>
              ))}
            </Select>
          </FormControl>
        </Grid>
        {value && (
          <Grid item data-testid="cockpit-deployment-vulnerabilities">
            <Typography variant="body2" color="textSecondary" component="div">
              {value.items.length} vulnerable packages: of{' '}
              {value.dependencyCount} dependency versions and in{' '}
              {value.images.length} container{' '}
              {value.images.length === 1 ? 'image' : 'images'}
            </Typography>
            <StatusCountChips scale="severity" counts={value.counts} />
          </Grid>
        )}
      </Grid>
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && (
        <Table<AdvisoryRow>
          options={{
            paging: rows.length > 15,
            pageSize: 15,
            search: true,
            padding: 'dense',
          }}
          title={`${rows.length} advisories`}
          columns={columns}
          data={rows}
          emptyContent={
            <Typography style={{ padding: 16 }}>
              No known vulnerability
              {minimum !== 'UNKNOWN' ? ` of ${minimum} or higher` : ''} in this
              deployment's dependencies.
            </Typography>
          }
        />
      )}
    </InfoCard>
  );
};
