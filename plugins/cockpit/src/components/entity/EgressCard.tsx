import { List, ListItem, ListItemText, Typography } from '@material-ui/core';
import { InfoCard } from '@backstage/core-components';
import type { ServiceOverviewUpstream } from '@cockpit/plugin-cockpit-common';
import { ServiceLink } from '../common';

/** The upstream services this service calls, each linking to its own catalog page. */
export const EgressCard = (props: { upstreams: ServiceOverviewUpstream[] }) => (
  <InfoCard title="Egress dependencies" subheader="Services this one calls">
    {props.upstreams.length === 0 ? (
      <Typography>No egress dependency has been reported.</Typography>
    ) : (
      <List dense aria-label="upstream services">
        {props.upstreams.map(upstream => (
          <ListItem key={upstream.service} disableGutters>
            <ListItemText
              primary={<ServiceLink service={upstream.service} />}
              secondary={`from ${upstream.environments.join(', ')}${
                upstream.known ? '' : ' (not seen by Cockpit)'
              }`}
            />
          </ListItem>
        ))}
      </List>
    )}
  </InfoCard>
);
