import { Command } from 'commander';
import { ingestOverHttp } from '@cockpit/collector-sdk';
import {
  CockpitClient,
  Page,
  Reading,
  Rejection,
  Resource,
  resourceId,
} from '@cockpit/plugin-cockpit-common';
import {
  formatTable,
  parseMoment,
  parseParams,
  readPublishInput,
} from './apiInput';

/** Where the API is when COCKPIT_URL is not set: the local backend. */
export const DEFAULT_COCKPIT_URL = 'http://localhost:7007/api/cockpit';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface GlobalOptions {
  url?: string;
  token?: string;
}

interface OutputOptions {
  json?: boolean;
}

function cockpitUrl(command: Command): string {
  return (
    command.optsWithGlobals<GlobalOptions>().url ??
    process.env.COCKPIT_URL ??
    DEFAULT_COCKPIT_URL
  );
}

/** The API client from `--url`/`COCKPIT_URL` and `--token`/`COCKPIT_API_TOKEN`. */
export function client(command: Command): CockpitClient {
  const options = command.optsWithGlobals<GlobalOptions>();
  return CockpitClient.forBaseUrl({
    baseUrl: cockpitUrl(command),
    token: options.token ?? process.env.COCKPIT_API_TOKEN,
  });
}

function print(text: string) {
  process.stdout.write(text);
}

export function printJson(value: unknown, options: OutputOptions) {
  print(
    `${
      options.json ? JSON.stringify(value) : JSON.stringify(value, null, 2)
    }\n`,
  );
}

/** A resource id from `<id>` or `<type> <name>`. */
export function resolveId(idOrType: string, name?: string): string {
  if (name !== undefined) return resourceId(idOrType, name);
  if (UUID.test(idOrType)) return idOrType;
  throw new Error(
    `"${idOrType}" is not a resource id; pass an id, or a type and a name`,
  );
}

/** JSON on one line, cut at 100 characters. */
export function shortJson(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}

/** Fetches one page, or every page with `all`. */
export async function collectPages<T>(
  all: boolean | undefined,
  fetchPage: (cursor?: string) => Promise<Page<T>>,
): Promise<Page<T>> {
  let page = await fetchPage();
  if (!all) return page;
  const items = [...page.items];
  while (page.nextCursor) {
    page = await fetchPage(page.nextCursor);
    items.push(...page.items);
  }
  return { items };
}

function resourceTable(items: Resource[]) {
  return formatTable(
    ['TYPE', 'NAME', 'ID', 'LAST SEEN'],
    items.map(r => [r.type, r.name, r.id, r.lastSeenOn]),
  );
}

export function pageHint(page: Page<unknown>) {
  if (page.nextCursor)
    process.stderr.write(`more: --cursor ${page.nextCursor} (or --all)\n`);
}

export const limitOption = (value: string) => {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`--limit "${value}" must be a positive integer`);
  return limit;
};

const collect = (value: string, previous: string[]) => [...previous, value];

/** Rethrows an API error with the server's message (`NotFoundError: No Service named "x"`). */
export function explained<A extends unknown[]>(
  action: (...args: A) => Promise<void>,
) {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (error) {
      // the client throws Backstage's ResponseError, whose body is the server's error body
      const body = (
        error as {
          body?: {
            error?: { name?: string; message?: string };
            response?: { statusCode?: number };
          };
        }
      )?.body;
      if (body?.error?.message) {
        throw new Error(
          `${body.response?.statusCode ?? ''} ${body.error.name}: ${
            body.error.message
          }`.trim(),
        );
      }
      throw error;
    }
  };
}

/**
 * `cockpit resources|resource|readings|calc|publish|rejections`: the REST API from a shell.
 * The base URL comes from `--url` or `COCKPIT_URL`, the token from `--token` or `COCKPIT_API_TOKEN`.
 *
 * Long by design: it is the command table (commander's declarations, each action a few lines
 * over the shared client), kept in one place so `--help` and this file read alike.
 */
export function registerApiCommands(program: Command): void {
  program
    .option(
      '--url <url>',
      `Cockpit API base URL (default: COCKPIT_URL or ${DEFAULT_COCKPIT_URL})`,
    )
    .option('--token <token>', 'bearer token (default: COCKPIT_API_TOKEN)');

  program
    .command('resources')
    .description('List resources by type, exact name, name substring or parent')
    .option('--type <type>', 'resource type, e.g. ServiceInstance')
    .option('--name <name>', 'exact name')
    .option('-q, --query <text>', 'name substring, case-insensitive')
    .option('--parent <id>', 'parent resource id')
    .option('--limit <n>', 'page size (1-1000)', limitOption)
    .option('--cursor <cursor>', 'continue after a previous page')
    .option('--all', 'follow every page')
    .option('--json', 'print JSON instead of a table')
    .action(
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
        if (options.json) {
          printJson(page, options);
          return;
        }
        print(resourceTable(page.items));
        pageHint(page);
      }),
    );

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
          print(
            formatTable(
              ['FIELD', 'VALUE'],
              [
                ['id', resource.id],
                ['type', resource.type],
                ['name', resource.name],
                ['parentId', resource.parentId],
                ['createdOn', resource.createdOn],
                ['lastSeenOn', resource.lastSeenOn],
              ],
            ),
          );
          if (children.items.length)
            print(`\nchildren:\n${resourceTable(children.items)}`);
        },
      ),
    );

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
    )
    .option('--limit <n>', 'page size (1-1000)', limitOption)
    .option('--cursor <cursor>', 'continue after a previous page')
    .option('--all', 'follow every page')
    .option('--json', 'print JSON instead of a table')
    .action(
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
          if (options.json) {
            printJson(page, options);
            return;
          }
          print(
            formatTable(
              ['COLLECTED AT', 'TYPE', 'MODE', 'COLLECTOR', 'VALUE'],
              page.items.map(r => [
                r.collectedAt,
                r.type,
                r.storageMode,
                r.collector ?? '-',
                shortJson(r.value),
              ]),
            ),
          );
          pageHint(page);
        },
      ),
    );

  program
    .command('calc [name]')
    .description(
      'Run a calculation (without a name: list them with their parameters)',
    )
    .option('-p, --param <key=value>', 'a parameter, repeatable', collect, [])
    .option(
      '--as-of <time>',
      'run it as of this time, the store as it stood then (ISO, or 24h, 7d back)',
    )
    .option('--json', 'print compact JSON')
    .action(
      explained(async (name: string | undefined, options, command: Command) => {
        const api = client(command);
        if (!name) {
          const { items } = await api.listCalculations();
          if (options.json) {
            printJson({ items }, options);
            return;
          }
          print(
            formatTable(
              ['NAME', 'PARAMETERS', 'DESCRIPTION'],
              items.map(c => {
                const schema = c.params as {
                  properties?: Record<string, unknown>;
                  required?: string[];
                };
                const params = Object.keys(schema.properties ?? {}).map(p =>
                  (schema.required ?? []).includes(p) ? p : `[${p}]`,
                );
                return [c.name, params.join(' '), c.description];
              }),
            ),
          );
          return;
        }
        printJson(
          await api.runCalculation(name, {
            ...parseParams(options.param),
            ...(options.asOf
              ? { asOf: parseMoment(options.asOf, '--as-of') }
              : {}),
          }),
          options,
        );
      }),
    );

  program
    .command('publish')
    .description(
      'Publish a batch, or NDJSON batches or messages, from stdin through POST /ingest',
    )
    .option(
      '--collector <id>',
      'collector id for loose messages',
      'cockpit-cli',
    )
    .option('--json', 'print each batch outcome as JSON')
    .action(
      explained(async (options, command: Command) => {
        const chunks: Buffer[] = [];
        for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
        const batches = readPublishInput(
          Buffer.concat(chunks).toString('utf8'),
          { collector: options.collector },
        );
        const api = client(command);
        let accepted = 0;
        let rejected = 0;
        for (const [index, batch] of batches.entries()) {
          // 5xx answers (503: database unavailable) are tried again; 4xx never are.
          const answer = await ingestOverHttp({
            client: api,
            batch: batch as never,
            description: cockpitUrl(command),
          });
          if (answer.kind === 'batchRejected') {
            rejected += 1;
            if (options.json)
              print(
                `${JSON.stringify({
                  batch: index,
                  batchRejected: answer.reason,
                  rejectionId: answer.rejectionId,
                })}\n`,
              );
            else
              process.stderr.write(
                `batch ${index} rejected: ${answer.reason}\n`,
              );
            continue;
          }
          const { outcome } = answer;
          accepted += outcome.accepted;
          rejected += outcome.rejected;
          if (options.json) {
            print(`${JSON.stringify({ batch: index, ...outcome })}\n`);
          } else {
            for (const message of outcome.messages.filter(
              m => m.status === 'rejected',
            )) {
              process.stderr.write(
                `batch ${index} message ${message.index} rejected: ${message.reason}\n`,
              );
            }
          }
        }
        if (!options.json)
          print(
            `${batches.length} batch(es): ${accepted} accepted, ${rejected} rejected\n`,
          );
        if (rejected > 0) process.exitCode = 2;
      }),
    );

  program
    .command('rejections')
    .description(
      'Quarantined input with the reason it was refused, newest first',
    )
    .option('--limit <n>', 'page size (1-1000)', limitOption)
    .option('--cursor <cursor>', 'continue after a previous page')
    .option('--all', 'follow every page')
    .option('--json', 'print JSON instead of a table')
    .action(
      explained(async (options, command: Command) => {
        const page = await collectPages<Rejection>(options.all, cursor =>
          client(command).listRejections({
            limit: options.limit,
            cursor: cursor ?? options.cursor,
          }),
        );
        if (options.json) {
          printJson(page, options);
          return;
        }
        print(
          formatTable(
            ['RECEIVED AT', 'SOURCE', 'COLLECTOR', 'INDEX', 'REASON'],
            page.items.map(r => [
              r.receivedAt,
              r.source,
              r.collector,
              r.messageIndex,
              r.reason,
            ]),
          ),
        );
        pageHint(page);
      }),
    );
}
