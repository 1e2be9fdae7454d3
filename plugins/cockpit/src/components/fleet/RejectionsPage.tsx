import { useCallback, useEffect, useState } from 'react';
import { Box, Button } from '@material-ui/core';
import {
  CodeSnippet,
  EmptyState,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { Rejection } from '@cockpit/plugin-cockpit-common';
import { cockpitApiRef } from '../../api';
import { formatDateTime, RowDetailPanel } from '../common';

const PAGE_SIZE = 50;

function prettyPayload(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    // not JSON: that is often why it was rejected; show it as received
    return payload;
  }
}

const columns: TableColumn<Rejection>[] = [
  {
    title: 'Received',
    field: 'receivedAt',
    render: row => formatDateTime(row.receivedAt),
  },
  { title: 'Source', field: 'source' },
  {
    title: 'Collector',
    field: 'collector',
    render: row => row.collector ?? '-',
  },
  {
    title: 'Message',
    field: 'messageIndex',
    render: row =>
      row.messageIndex === null ? 'whole batch' : `#${row.messageIndex}`,
  },
  { title: 'Reason', field: 'reason', cellStyle: { wordBreak: 'break-word' } },
];

/** Quarantined input with the reason it was refused, newest first, its raw payload one click away. */
export const RejectionsPage = () => {
  const cockpit = useApi(cockpitApiRef);
  const [items, setItems] = useState<Rejection[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error | undefined>();

  const load = useCallback(
    async (from?: string) => {
      setLoading(true);
      try {
        const page = await cockpit.listRejections({
          limit: PAGE_SIZE,
          cursor: from,
        });
        setItems(previous =>
          from ? [...previous, ...page.items] : page.items,
        );
        setCursor(page.nextCursor);
        setError(undefined);
      } catch (e) {
        setError(e as Error);
      } finally {
        setLoading(false);
      }
    },
    [cockpit],
  );

  useEffect(() => {
    load();
  }, [load]);

  if (error) return <ResponseErrorPanel error={error} />;
  if (loading && items.length === 0) return <Progress />;
  if (items.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No rejected input"
        description="Every message the collectors sent so far was valid."
      />
    );
  }
  return (
    <>
      <Table<Rejection>
        title={`Rejections (${items.length}${cursor ? '+' : ''})`}
        options={{ paging: false, search: true, padding: 'dense' }}
        columns={columns}
        data={items}
        detailPanel={({ rowData }) => (
          <RowDetailPanel title="Raw input">
            <CodeSnippet
              language="json"
              text={prettyPayload(rowData.payload)}
            />
          </RowDetailPanel>
        )}
      />
      {cursor && (
        <Box mt={2}>
          <Button
            variant="outlined"
            disabled={loading}
            onClick={() => load(cursor)}
          >
            Load more
          </Button>
        </Box>
      )}
    </>
  );
};
