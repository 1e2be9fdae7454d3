import { Box, Button, Typography } from '@material-ui/core';
import { Link } from '@backstage/core-components';
import type { ServiceEvent } from '@cockpit/plugin-cockpit-common';
import {
  formatDateTime,
  JsonSnippet,
  useFleetLinks,
  ValueDiff,
} from '../../common';

/** Whether an event's value carries a change's `before` and `after` (events of kind `change`). */
function changeOf(
  event: ServiceEvent,
): { before: unknown; after: unknown } | undefined {
  const value = event.value;
  return event.kind === 'change' && 'before' in value && 'after' in value
    ? { before: value.before, after: value.after }
    : undefined;
}

/**
 * The selected event: title, kind, time, a link to its resource in the explorer, and its value
 * (for a change, the difference between its before and after first).
 */
export const EventDetail = (props: {
  event: ServiceEvent;
  onClose: () => void;
}) => {
  const links = useFleetLinks();
  const { event } = props;
  const change = changeOf(event);
  return (
    <Box mt={2} data-testid="cockpit-event-detail">
      <Typography variant="h6">{event.title}</Typography>
      <Typography variant="body2" color="textSecondary" gutterBottom>
        {event.kind} at {formatDateTime(event.at)} on {event.resourceType}{' '}
        <Link to={links.explorer(event.resourceId)}>{event.resourceName}</Link>
        {' · '}
        <Button size="small" onClick={props.onClose}>
          Close
        </Button>
      </Typography>
      {change && (
        <ValueDiff
          before={change.before}
          after={change.after}
          data-testid="cockpit-event-change-diff"
        />
      )}
      <JsonSnippet value={event.value} />
    </Box>
  );
};
