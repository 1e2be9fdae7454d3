import { Box, Divider, Typography } from '@material-ui/core';
import { Link } from '@backstage/core-components';
import { useFleetLinks } from '../../common';
import { ChangeLine } from './ChangeLine';
import type { ResourceChanges } from './groupChanges';

/** One resource's changes under its type and name (a link to it in the explorer). */
export const ResourceChangesGroup = (props: { group: ResourceChanges }) => {
  const links = useFleetLinks();
  const { group } = props;
  return (
    <Box mt={2} data-testid="cockpit-changes-resource">
      <Typography variant="subtitle1">
        {group.resource.type}{' '}
        <Link to={links.explorer(group.resource.id)}>
          {group.resource.name}
        </Link>
      </Typography>
      <Divider />
      {group.changes.map((change, index) => (
        <ChangeLine
          key={`${change.readingType} ${change.at} ${index}`}
          change={change}
        />
      ))}
    </Box>
  );
};
