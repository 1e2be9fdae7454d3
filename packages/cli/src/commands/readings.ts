import { Command } from 'commander';
import { Reading } from '@cockpit/plugin-cockpit-common';
import { formatTable, parseMoment } from './apiInput';
import { client, explained, resolveId } from './apiClient';
import { collectPages, pagingOptions, printPage, shortJson } from './output';

function readingTable(items: Reading[]) {
  return formatTable(
    ['COLLECTED AT', 'TYPE', 'MODE', 'COLLECTOR', 'VALUE'],
    items.map(r => [
      r.collectedAt,
      r.type,
      r.storageMode,
      r.collector ?? '-',
      shortJson(r.value),
    ]),
  );
}

/** `cockpit readings`: a resource's readings, newest first. */
export function registerReadingsCommand(program: Command): void {
  pagingOptions(
    program
      .command('readings <idOrType> [name]')
      .description(
        "A resource's readings, newest first (by id, or by type and name)",
      )
      .option('--type <type>', 'reading type, e.g. health')
      .option('--from <iso>', 'collected at or after')
      .option('--to <iso>', 'collected before')
      .option(
        '--as-of <time>',
        'the readings as they stood at this time (ISO, or 24h, 7d back from now)',
      ),
  ).action(
    explained(
      async (
        idOrType: string,
        name: string | undefined,
        options,
        command: Command,
      ) => {
        const id = resolveId(idOrType, name);
        const page = await collectPages<Reading>(options.all, cursor =>
          client(command).listReadings(id, {
            type: options.type,
            from: options.from,
            to: options.to,
            asOf: options.asOf
              ? parseMoment(options.asOf, '--as-of')
              : undefined,
            limit: options.limit,
            cursor: cursor ?? options.cursor,
          }),
        );
        printPage(page, options, readingTable);
      },
    ),
  );
}
