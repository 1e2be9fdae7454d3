import { Box, Typography } from '@material-ui/core';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useReadingVersions } from './useReadingVersions';
import { useVersionPicks } from './useVersionPicks';
import { VersionDiff } from './VersionDiff';
import { VersionsTable } from './VersionsTable';

/**
 * The versions of one SNAPSHOT reading of a resource (newest first) with when each was in
 * force, the collector and the delivery it came in; pick any two (A and B) to see their
 * difference. The two newest are compared first.
 */
export const VersionHistory = (props: { resourceId: string; type: string }) => {
  const { loading, error, versions, more } = useReadingVersions(
    props.resourceId,
    props.type,
  );
  const picks = useVersionPicks(versions);

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (versions.length === 0) {
    return <Typography color="textSecondary">No version kept.</Typography>;
  }
  const { a, b } = picks;
  return (
    <Box data-testid={`versions-${props.type}`}>
      <VersionsTable versions={versions} more={more} picks={picks} />
      {a && b ? (
        <VersionDiff a={a} b={b} />
      ) : (
        <Typography color="textSecondary" style={{ marginTop: 16 }}>
          One version only: nothing to compare yet.
        </Typography>
      )}
    </Box>
  );
};
