import { Command } from 'commander';
import { Resource } from '@cockpit/plugin-cockpit-common';
import { formatTable } from './apiInput';
import { client, explained, resolveId } from './apiClient';
import {
  collectPages,
  pagingOptions,
  print,
  printJson,
  printPage,
} from './output';

function resourceTable(items: Resource[]) {
  return formatTable(
    ['TYPE', 'NAME', 'ID', 'LAST SEEN'],
    items.map(r => [r.type, r.name, r.id, r.lastSeenOn]),
  );
}

function resourceFieldsTable(resource: Resource) {
  return formatTable(
    ['FIELD', 'VALUE'],
    [
      ['id', resource.id],
      ['type', resource.type],
      ['name', resource.name],
      ['parentId', resource.parentId],
      ['createdOn', resource.createdOn],
      ['lastSeenOn', resource.lastSeenOn],
    ],
  );
}

/** `cockpit resources`: list resources by type, name, name substring or parent. */
function registerResourcesCommand(program: Command): void {
  pagingOptions(
    program
      .command('resources')
      .description(
        'List resources by type, exact name, name substring or parent',
      )
      .option('--type <type>', 'resource type, e.g. ServiceInstance')
      .option('--name <name>', 'exact name')
      .option('-q, --query <text>', 'name substring, case-insensitive')
      .option('--parent <id>', 'parent resource id'),
  ).action(
    explained(async (options, command: Command) => {
      const page = await collectPages(options.all, cursor =>
        client(command).listResources({
          type: options.type,
          name: options.name,
          q: options.query,
          parentId: options.parent,
          limit: options.limit,
          cursor: cursor ?? options.cursor,
        }),
      );
      printPage(page, options, resourceTable);
    }),
  );
}

/** `cockpit resource`: one resource, by id or by type and name, with its children. */
function registerResourceCommand(program: Command): void {
  program
    .command('resource <idOrType> [name]')
    .description(
      'Show one resource, by id or by type and name, with its children',
    )
    .option('--json', 'print JSON')
    .action(
      explained(
        async (
          idOrType: string,
          name: string | undefined,
          options,
          command: Command,
        ) => {
          const api = client(command);
          const resource =
            name !== undefined
              ? await api.lookupResource({ type: idOrType, name })
              : await api.getResource(resolveId(idOrType));
          const children = await api.listChildren(resource.id);
          if (options.json) {
            printJson({ ...resource, children: children.items }, options);
            return;
          }
          print(resourceFieldsTable(resource));
          if (children.items.length)
            print(`\nchildren:\n${resourceTable(children.items)}`);
        },
      ),
    );
}

/** `cockpit resources` and `cockpit resource`. */
export function registerResourceCommands(program: Command): void {
  registerResourcesCommand(program);
  registerResourceCommand(program);
}
