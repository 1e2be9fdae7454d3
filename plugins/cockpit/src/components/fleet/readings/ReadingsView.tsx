import { useMemo } from 'react';
import { Typography } from '@material-ui/core';
import type { Reading } from '@cockpit/plugin-cockpit-common';
import { groupBy } from '../../common';
import { ReadingCard } from './ReadingCard';
import { useOpenVersions } from './useOpenVersions';

/**
 * A resource's readings, one card per type: the JSON of a SNAPSHOT with a button that opens
 * its versions (`?versions=<type>` in the URL), or a TIME_SERIES's sparkline and history.
 */
export const ReadingsView = (props: { readings: Reading[] }) => {
  const versions = useOpenVersions();
  const byType = useMemo(
    () =>
      [...groupBy(props.readings, reading => reading.type).entries()].sort(
        ([a], [b]) => a.localeCompare(b),
      ),
    [props.readings],
  );

  if (byType.length === 0) {
    return (
      <Typography color="textSecondary">
        No reading about this resource.
      </Typography>
    );
  }
  return (
    <>
      {byType.map(([type, readings]) => (
        <ReadingCard
          key={type}
          type={type}
          readings={readings}
          versionsOpen={versions.isOpen(type)}
          onToggleVersions={() => versions.toggle(type)}
        />
      ))}
    </>
  );
};
