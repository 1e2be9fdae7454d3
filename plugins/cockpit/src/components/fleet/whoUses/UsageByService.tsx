import { Grid } from '@material-ui/core';
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

/** One card per service with a table of its deployments that carry the package. */
export const UsageByService = (props: {
  byService: Array<[string, DependencyUsageItem[]]>;
}) => (
  <Grid container spacing={2}>
    {props.byService.map(([service, items]) => (
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
);
