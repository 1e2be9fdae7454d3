import { Box, Chip, Typography } from '@material-ui/core';
import type { DependencyUsageResult } from '@cockpit/plugin-cockpit-common';

/**
 * "3 deployments of 2 services carry <package>", and a chip per version in use that narrows
 * the search to that version.
 */
export const UsageSummary = (props: {
  value: DependencyUsageResult;
  onVersion: (purl: string) => void;
}) => {
  const { value } = props;
  return (
    <Box mb={2} data-testid="who-uses-summary">
      <Typography variant="h6">
        {value.items.length} deployment
        {value.items.length === 1 ? '' : 's'} of {value.serviceCount} service
        {value.serviceCount === 1 ? '' : 's'}{' '}
        {value.items.length === 1 ? 'carries' : 'carry'} {value.package}
        {value.version ? `@${value.version}` : ''}
      </Typography>
      {value.versions.map(v => (
        <Chip
          key={v.version}
          size="small"
          style={{ marginRight: 4 }}
          label={`${v.version}: ${v.deployments}`}
          onClick={() => props.onVersion(`${value.package}@${v.version}`)}
          aria-label={`only version ${v.version}`}
        />
      ))}
    </Box>
  );
};
