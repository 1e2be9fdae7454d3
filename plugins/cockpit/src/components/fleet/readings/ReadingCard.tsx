import { Box, Button } from '@material-ui/core';
import { InfoCard } from '@backstage/core-components';
import type { Reading } from '@cockpit/plugin-cockpit-common';
import { formatDateTime, JsonSnippet } from '../../common';
import { VersionHistory } from '../history/VersionHistory';
import { TimeSeriesBody } from './TimeSeriesBody';

/** "collected ... by <collector> via <source>", as much as the reading tells. */
function provenanceOf(reading: Reading): string {
  return `collected ${formatDateTime(reading.collectedAt)}${
    reading.collector ? ` by ${reading.collector}` : ''
  }${reading.source ? ` via ${reading.source}` : ''}`;
}

/**
 * The readings of one type (newest first): for a SNAPSHOT the latest value's JSON, with a
 * button that opens its versions; for a TIME_SERIES its sparkline and points.
 */
export const ReadingCard = (props: {
  type: string;
  readings: Reading[];
  versionsOpen: boolean;
  onToggleVersions: () => void;
}) => {
  const { type, readings, versionsOpen } = props;
  const latest = readings[0];
  const timeSeries = latest.storageMode === 'TIME_SERIES';
  return (
    <Box mb={2} data-testid={`reading-${type}`}>
      <InfoCard
        title={type}
        subheader={`${latest.storageMode} · ${provenanceOf(latest)}${
          timeSeries ? ` · ${readings.length} points` : ''
        }`}
        action={
          latest.storageMode === 'SNAPSHOT' ? (
            <Button size="small" onClick={props.onToggleVersions}>
              {versionsOpen ? 'Hide versions' : 'Versions'}
            </Button>
          ) : undefined
        }
      >
        {timeSeries ? (
          <TimeSeriesBody readings={readings} />
        ) : (
          <>
            <JsonSnippet value={latest.value} />
            {versionsOpen && (
              <VersionHistory resourceId={latest.resourceId} type={type} />
            )}
          </>
        )}
      </InfoCard>
    </Box>
  );
};
