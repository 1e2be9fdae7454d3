import { Chip, Tooltip, Typography } from '@material-ui/core';
import {
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  type CollectorStatus,
  formatRelativeTime,
} from '@cockpit/plugin-cockpit-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { cockpitApiRef } from '../../api';
import {
  formatDateTime,
  JsonSnippet,
  RowDetailPanel,
  useFleetLinks,
} from '../common';

/** How often the page asks again (the collectors' records arrive as they run). */
const REFRESH_MS = 60_000;

const StatusChip = (props: { collector: CollectorStatus }) => {
  const { lastRun, overdue } = props.collector;
  if (!lastRun)
    return <Chip size="small" label="no run recorded" variant="outlined" />;
  const failed = lastRun.status === 'FAILED';
  return (
    <Tooltip title={failed && lastRun.error ? lastRun.error : lastRun.status}>
      <Chip
        size="small"
        label={`${lastRun.status}${overdue ? ' · OVERDUE' : ''}`}
        color={failed || overdue ? 'secondary' : 'primary'}
        variant={failed || overdue ? 'default' : 'outlined'}
        aria-label={`status ${lastRun.status}${overdue ? ', overdue' : ''}`}
      />
    </Tooltip>
  );
};

function columns(
  now: number,
  explorer: (resourceId: string) => string,
): TableColumn<CollectorStatus>[] {
  return [
    {
      title: 'Collector',
      field: 'id',
      render: row =>
        row.resourceId ? (
          <Link to={explorer(row.resourceId)}>{row.id}</Link>
        ) : (
          row.id
        ),
    },
    {
      title: 'Status',
      field: 'lastRun.status',
      render: row => <StatusChip collector={row} />,
    },
    {
      title: 'Last run',
      field: 'lastRun.startedAt',
      defaultSort: 'desc',
      render: row =>
        row.lastRun ? (
          <Tooltip
            title={`${formatDateTime(
              row.lastRun.startedAt,
            )} to ${formatDateTime(row.lastRun.finishedAt)}`}
          >
            <span>{formatRelativeTime(row.lastRun.startedAt, now)}</span>
          </Tooltip>
        ) : (
          'never'
        ),
    },
    {
      title: 'Messages',
      field: 'lastRun.messages',
      type: 'numeric',
      render: row =>
        row.lastRun ? row.lastRun.messages.toLocaleString() : '-',
    },
    { title: 'Runs (24 h)', field: 'last24h.runs', type: 'numeric' },
    { title: 'Failures (24 h)', field: 'last24h.failures', type: 'numeric' },
    {
      title: 'Rejections (24 h)',
      field: 'last24h.rejections',
      type: 'numeric',
    },
    {
      title: 'Schedule',
      field: 'schedule',
      render: row => row.schedule ?? '-',
    },
    {
      title: 'Next run due',
      field: 'dueBy',
      render: row => {
        if (!row.dueBy) return '-';
        const due = formatRelativeTime(row.dueBy, now);
        return row.overdue ? (
          <Typography variant="body2" color="error">
            overdue since {due.replace(/ ago$/, '')}
          </Typography>
        ) : (
          due
        );
      },
    },
  ];
}

/**
 * Every collector that reported: its last run, what that run delivered, the last 24 hours
 * (runs, failures, rejected input) and whether it is overdue for its schedule, refreshed every
 * minute. Self-contained: it needs only the Cockpit API (`cockpitApiRef`).
 */
export const CollectorsPage = () => {
  const cockpit = useApi(cockpitApiRef);
  const links = useFleetLinks();
  const { value, loading, error, retry } = useAsyncRetry(
    () => cockpit.listCollectors(),
    [cockpit],
  );
  useInterval(retry, REFRESH_MS);

  if (error) return <ResponseErrorPanel error={error} />;
  if (!value && loading) return <Progress />;
  if (!value || value.items.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No collector has reported yet"
        description="Collectors record each run on a Collector resource as they publish; run one (yarn cockpit collect <id>) and it appears here."
      />
    );
  }
  const now = new Date(value.at).getTime();
  const attention = value.items.filter(
    c => c.overdue || c.lastRun?.status === 'FAILED',
  ).length;
  return (
    <Table<CollectorStatus>
      title={`Collectors (${value.items.length})`}
      subtitle={
        attention > 0
          ? `${attention} need attention: overdue or failed on their last run`
          : 'All on schedule'
      }
      options={{ paging: false, search: true, padding: 'dense' }}
      columns={columns(now, links.explorer)}
      data={value.items}
      detailPanel={({ rowData }) => (
        <RowDetailPanel title="Last run">
          <JsonSnippet value={rowData.lastRun} />
        </RowDetailPanel>
      )}
    />
  );
};
