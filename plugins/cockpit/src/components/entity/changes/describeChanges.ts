import type { Change, Page } from '@cockpit/plugin-cockpit-common';
import { formatDateTime } from '../../common';
import { CHANGES_LIMIT } from './useServiceChanges';

/** "12 (newest 200 shown) changes on 3 resources from ... to ...". */
export function describeChanges(
  page: Page<Change>,
  resourceCount: number,
  range: { from: string; to: string },
): string {
  const count = page.items.length;
  return `${count}${
    page.nextCursor ? ` (newest ${CHANGES_LIMIT} shown)` : ''
  } change${count === 1 ? '' : 's'} on ${resourceCount} resource${
    resourceCount === 1 ? '' : 's'
  } from ${formatDateTime(range.from)} to ${formatDateTime(range.to)}`;
}
