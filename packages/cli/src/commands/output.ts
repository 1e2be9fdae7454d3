import { Command } from 'commander';
import type { Page } from '@cockpit/plugin-cockpit-common';

/** `--json` of a command that prints JSON or a table. */
export interface OutputOptions {
  json?: boolean;
}

/** Writes to stdout as is. */
export function print(text: string) {
  process.stdout.write(text);
}

/** JSON on stdout: compact with `--json`, indented otherwise. */
export function printJson(value: unknown, options: OutputOptions) {
  print(
    `${
      options.json ? JSON.stringify(value) : JSON.stringify(value, null, 2)
    }\n`,
  );
}

/** JSON on one line, cut at 100 characters. */
export function shortJson(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}

/** `--limit`: a positive integer. */
export const limitOption = (value: string) => {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`--limit "${value}" must be a positive integer`);
  return limit;
};

/** `--limit`, `--cursor`, `--all` and `--json` of a command that lists a page. */
export function pagingOptions(command: Command): Command {
  return command
    .option('--limit <n>', 'page size (1-1000)', limitOption)
    .option('--cursor <cursor>', 'continue after a previous page')
    .option('--all', 'follow every page')
    .option('--json', 'print JSON instead of a table');
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

function pageHint(page: Page<unknown>) {
  if (page.nextCursor)
    process.stderr.write(`more: --cursor ${page.nextCursor} (or --all)\n`);
}

/**
 * A page as the listing commands print it: JSON with `--json`; otherwise the table of its
 * items, and on stderr how to ask for the next page when there is one.
 */
export function printPage<T>(
  page: Page<T>,
  options: OutputOptions,
  table: (items: T[]) => string,
): void {
  if (options.json) {
    printJson(page, options);
    return;
  }
  print(table(page.items));
  pageHint(page);
}
