import { useState } from 'react';
import { Box, Button, Grid } from '@material-ui/core';
import { InfoCard, Table, TableColumn } from '@backstage/core-components';
import type { DependencyUsageItem } from '@cockpit/plugin-cockpit-common';
import { OriginChip, ServiceLink, StatusCountChips } from '../../common';

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

/** Services shown at first, and added by each "show more". */
export const SERVICES_PER_STEP = 25;

/**
 * One card per service with a table of its deployments that carry the package, the first
 * {@link SERVICES_PER_STEP} services at first and as many more on each "show more": a package
 * in most of the fleet's images (openssl) is carried by hundreds of services, too many tables
 * to render at once.
 */
export const UsageByService = (props: {
  byService: Array<[string, DependencyUsageItem[]]>;
  /** Services per step (default {@link SERVICES_PER_STEP}). */
  step?: number;
}) => {
  const step = props.step ?? SERVICES_PER_STEP;
  const [shown, setShown] = useState(step);
  const rest = props.byService.length - shown;
  return (
    <Grid container spacing={2}>
      {props.byService.slice(0, shown).map(([service, items]) => (
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
      {rest > 0 && (
        <Grid item xs={12}>
          <Box display="flex" justifyContent="center">
            <Button variant="outlined" onClick={() => setShown(shown + step)}>
              Show {Math.min(rest, step)} more of {rest} service
              {rest === 1 ? '' : 's'}
            </Button>
          </Box>
        </Grid>
      )}
    </Grid>
  );
};
