import { List, ListItem, ListItemText, Typography } from '@material-ui/core';
import { InfoCard } from '@backstage/core-components';
import type { Resource } from '@cockpit/plugin-cockpit-common';
import { ResourceLink } from './ResourceLink';

/** The resource's children, each one click away. */
export const ChildrenCard = (props: { resources: Resource[] }) => {
  const children = props.resources;
  return (
    <InfoCard title={`Children (${children.length})`}>
      {children.length === 0 ? (
        <Typography color="textSecondary">No child resource.</Typography>
      ) : (
        <List dense aria-label="children">
          {children.map(child => (
            <ListItem key={child.id} disableGutters>
              <ListItemText
                primary={<ResourceLink resource={child} />}
                secondary={child.type}
                style={{ wordBreak: 'break-all' }}
              />
            </ListItem>
          ))}
        </List>
      )}
    </InfoCard>
  );
};
