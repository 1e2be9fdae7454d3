import { List, ListItem, ListItemText, Typography } from '@material-ui/core';
import type { Resource } from '@cockpit/plugin-cockpit-common';
import { ResourceLink } from './ResourceLink';

/** The matching resources, the open one highlighted; their types when any type was searched. */
export const ResourceResults = (props: {
  resources: Resource[];
  /** Whether more matched than were listed. */
  more: boolean;
  selected?: string;
  showType: boolean;
}) => {
  if (props.resources.length === 0) {
    return <Typography color="textSecondary">Nothing matches.</Typography>;
  }
  return (
    <List dense aria-label="matching resources" data-testid="explorer-results">
      {props.resources.map(resource => (
        <ListItem
          key={resource.id}
          disableGutters
          selected={resource.id === props.selected}
        >
          <ListItemText
            primary={<ResourceLink resource={resource} />}
            secondary={props.showType ? resource.type : undefined}
          />
        </ListItem>
      ))}
      {props.more && (
        <Typography variant="caption" color="textSecondary">
          The first 100 shown: narrow the search.
        </Typography>
      )}
    </List>
  );
};
