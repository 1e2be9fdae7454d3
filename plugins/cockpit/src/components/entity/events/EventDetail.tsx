import { Box, Button, Typography } from '@material-ui/core';
import { CodeSnippet, Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import type { ServiceEvent } from '@cockpit/plugin-cockpit-common';
import { rootRouteRef } from '../../../routes';
import { formatDateTime } from '../../common';

/** The selected event: title, kind, time, a link to its resource in the explorer, and its value. */
export const EventDetail = (props: {
  event: ServiceEvent;
  onClose: () => void;
}) => {
  const fleetRoot = useRouteRef(rootRouteRef);
  const { event } = props;
  return (
    <Box mt={2} data-testid="cockpit-event-detail">
      <Typography variant="h6">{event.title}</Typography>
      <Typography variant="body2" color="textSecondary" gutterBottom>
        {event.kind} at {formatDateTime(event.at)} on {event.resourceType}{' '}
        <Link
          to={`${fleetRoot()}/explorer?resource=${encodeURIComponent(
            event.resourceId,
          )}`}
        >
          {event.resourceName}
        </Link>
        {' · '}
        <Button size="small" onClick={props.onClose}>
          Close
        </Button>
      </Typography>
      <CodeSnippet
        language="json"
        text={JSON.stringify(event.value, null, 2)}
      />
    </Box>
  );
};
