import { Command } from 'commander';
import { Rejection } from '@cockpit/plugin-cockpit-common';
import { formatTable } from './apiInput';
import { client, explained } from './apiClient';
import { collectPages, pagingOptions, printPage } from './output';

function rejectionTable(items: Rejection[]) {
  return formatTable(
    ['RECEIVED AT', 'SOURCE', 'COLLECTOR', 'INDEX', 'REASON'],
    items.map(r => [
      r.receivedAt,
      r.source,
      r.collector,
      r.messageIndex,
      r.reason,
    ]),
  );
}

/** `cockpit rejections`: quarantined input with the reason it was refused. */
export function registerRejectionsCommand(program: Command): void {
  pagingOptions(
    program
      .command('rejections')
      .description(
        'Quarantined input with the reason it was refused, newest first',
      ),
  ).action(
    explained(async (options, command: Command) => {
      const page = await collectPages<Rejection>(options.all, cursor =>
        client(command).listRejections({
          limit: options.limit,
          cursor: cursor ?? options.cursor,
        }),
      );
      printPage(page, options, rejectionTable);
    }),
  );
}
