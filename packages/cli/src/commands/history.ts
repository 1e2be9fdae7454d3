import { Command } from 'commander';
import type {
  Change,
  Page,
  ReadingVersion,
} from '@cockpit/plugin-cockpit-common';
import { client, explained, resolveId } from './apiClient';
import { formatTable, parseMoment } from './apiInput';
import { collectPages, pagingOptions, printPage, shortJson } from './output';

/** The table of `yarn cockpit history`: one line per version, newest first. */
export function formatHistory(items: ReadingVersion[]): string {
  return formatTable(
    ['VALID FROM', 'VALID TO', 'COLLECTOR', 'SOURCE', 'VALUE'],
    items.map(v => [
      v.validFrom,
      v.validTo ?? '(in force)',
      v.collector ?? '-',
      v.source ?? '-',
      shortJson(v.value),
    ]),
  );
}

/** The table of `yarn cockpit changes`: one line per change, newest first. */
export function formatChanges(items: Change[]): string {
  return formatTable(
    ['AT', 'KIND', 'RESOURCE', 'READING', 'BEFORE', 'AFTER'],
    items.map(c => [
      c.at,
      c.kind,
      `${c.resource.type} ${c.resource.name}`,
      c.readingType ?? '-',
      c.kind === 'changed' ? shortJson(c.before) : '-',
      c.kind === 'deleted' ? '-' : shortJson(c.after),
    ]),
  );
}

/** `cockpit history`: the versions of one resource's reading, with their provenance. */
function registerHistoryCommand(program: Command): void {
  pagingOptions(
    program
      .command('history <type> <name> <readingType>')
      .description(
        "The versions of one resource's reading, newest first, with their provenance (e.g. history ServiceDeployment pay/production deployment-info)",
      )
      .option('--from <time>', 'versions in force at or after (ISO or 24h, 7d)')
      .option('--to <time>', 'versions that began before (ISO or 24h, 7d)'),
  ).action(
    explained(
      async (
        type: string,
        name: string,
        readingType: string,
        options,
        command: Command,
      ) => {
        const id = resolveId(type, name);
        const from = options.from
          ? parseMoment(options.from, '--from')
          : undefined;
        const to = options.to ? parseMoment(options.to, '--to') : undefined;
        const page: Page<ReadingVersion> = await collectPages(
          options.all,
          cursor =>
            client(command).readingHistory(id, readingType, {
              from,
              to,
              limit: options.limit,
              cursor: cursor ?? options.cursor,
            }),
        );
        printPage(page, options, formatHistory);
      },
    ),
  );
}

/** `cockpit changes`: what changed in a window, fleet-wide or for a service's subtree. */
function registerChangesCommand(program: Command): void {
  pagingOptions(
    program
      .command('changes')
      .description(
        "What changed, newest first: new reading values (before and after) and deleted resources, fleet-wide or for a service's subtree",
      )
      .requiredOption(
        '--since <time>',
        'start of the window (ISO, or 24h, 7d back from now)',
      )
      .option('--until <time>', 'end of the window (default: now)')
      .option('--service <name>', "a service's subtree only")
      .option('--resource-type <type>', 'only resources of this type')
      .option('--reading-type <type>', 'only this reading type'),
  ).action(
    explained(async (options, command: Command) => {
      const since = parseMoment(options.since, '--since');
      const until = options.until
        ? parseMoment(options.until, '--until')
        : undefined;
      const page: Page<Change> = await collectPages(options.all, cursor =>
        client(command).listChanges({
          since,
          until,
          service: options.service,
          resourceType: options.resourceType,
          readingType: options.readingType,
          limit: options.limit,
          cursor: cursor ?? options.cursor,
        }),
      );
      printPage(page, options, formatChanges);
    }),
  );
}

/** `cockpit history` and `cockpit changes`: the store's past from a shell (contract section 7). */
export function registerHistoryCommands(program: Command): void {
  registerHistoryCommand(program);
  registerChangesCommand(program);
}
