import { FormEvent, useEffect, useMemo, useState } from 'react';
import {
  Box,
  Button,
  Chip,
  Grid,
  TextField,
  Typography,
} from '@material-ui/core';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  CALCULATIONS,
  formatPackageUrl,
  parsePackageUrl,
  type DependencyUsageItem,
  type DependencyUsageResult,
} from '@cockpit/plugin-cockpit-common';
import useAsync from 'react-use/esm/useAsync';
import { cockpitApiRef } from '../../api';
import {
  OriginChip,
  ServiceLink,
  StatusCountChips,
  useQueryState,
} from '../common';

/**
 * Splits what a person typed into the calculation's parameters with the shared package-URL
 * helpers: `pkg:npm/express@4.18.2` names one version, `pkg:npm/express` every version.
 */
export function splitPackageUrl(input: string): {
  package: string;
  version?: string;
} {
  const { version, ...ref } = parsePackageUrl(input.trim());
  return { package: formatPackageUrl(ref), version };
}

const columns: TableColumn<DependencyUsageItem>[] = [
  { title: 'Environment', field: 'environment', highlight: true },
  { title: 'Version', field: 'version' },
  { title: 'Package URL', field: 'versionName' },
  {
    title: 'Origin',
    field: 'origin.kind',
    render: row => <OriginChip origin={row.origin} />,
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

/** "Where is log4j 2.14.1 running?": every deployment carrying a package, by service and environment. */
export const WhoUsesPage = () => {
  const cockpit = useApi(cockpitApiRef);
  const [query, setQuery] = useQueryState();
  const purl = query('purl') ?? '';
  const [input, setInput] = useState(purl);
  useEffect(() => setInput(purl), [purl]);

  const { value, loading, error } = useAsync(async () => {
    if (!purl) return undefined;
    const { package: pkg, version } = splitPackageUrl(purl);
    return cockpit.runCalculation<DependencyUsageResult>(
      CALCULATIONS.dependencyUsage,
      {
        package: pkg,
        version,
      },
    );
  }, [cockpit, purl]);

  const byService = useMemo(() => {
    const groups = new Map<string, DependencyUsageItem[]>();
    for (const item of value?.items ?? []) {
      groups.set(item.service, [...(groups.get(item.service) ?? []), item]);
    }
    return [...groups.entries()];
  }, [value]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setQuery({ purl: input.trim() });
  };

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <form onSubmit={submit} role="search" aria-label="who uses a package">
          <Grid container spacing={2} alignItems="center">
            <Grid item xs={12} md={8}>
              <TextField
                fullWidth
                variant="outlined"
                size="small"
                label="Package URL, with or without version"
                placeholder="pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"
                value={input}
                onChange={e => setInput(e.target.value)}
                inputProps={{ 'data-testid': 'who-uses-input' }}
              />
            </Grid>
            <Grid item>
              <Button
                type="submit"
                variant="contained"
                color="primary"
                disabled={!input.trim()}
              >
                Search
              </Button>
            </Grid>
          </Grid>
        </form>
      </Grid>
      <Grid item xs={12}>
        {!purl && (
          <EmptyState
            missing="info"
            title="Which deployments carry a package?"
            description="Enter a package URL: without a version to see every version in use, with one to find exactly where it runs."
          />
        )}
        {loading && <Progress />}
        {error && <ResponseErrorPanel error={error} />}
        {value && value.items.length === 0 && (
          <EmptyState
            missing="data"
            title="No deployment carries it"
            description={`No deployment lists ${purl} among its dependencies.`}
          />
        )}
        {value && value.items.length > 0 && (
          <>
            <Box mb={2} data-testid="who-uses-summary">
              <Typography variant="h6">
                {value.items.length} deployment
                {value.items.length === 1 ? '' : 's'} of {value.serviceCount}{' '}
                service{value.serviceCount === 1 ? '' : 's'}{' '}
                {value.items.length === 1 ? 'carries' : 'carry'} {value.package}
                {value.version ? `@${value.version}` : ''}
              </Typography>
              {value.versions.map(v => (
                <Chip
                  key={v.version}
                  size="small"
                  style={{ marginRight: 4 }}
                  label={`${v.version}: ${v.deployments}`}
                  onClick={() =>
                    setQuery({ purl: `${value.package}@${v.version}` })
                  }
                  aria-label={`only version ${v.version}`}
                />
              ))}
            </Box>
            <Grid container spacing={2}>
              {byService.map(([service, items]) => (
                <Grid item xs={12} key={service}>
                  <InfoCard title={<ServiceLink service={service} />} noPadding>
                    <Table<DependencyUsageItem>
                      options={{
                        paging: false,
                        search: false,
                        toolbar: false,
                        padding: 'dense',
                      }}
                      columns={columns}
                      data={items}
                    />
                  </InfoCard>
                </Grid>
              ))}
            </Grid>
          </>
        )}
      </Grid>
    </Grid>
  );
};
