import { Command } from 'commander';
import { CockpitClient } from '@cockpit/plugin-cockpit-common';
import { formatTable, parseMoment, parseParams } from './apiInput';
import { client, explained } from './apiClient';
import { OutputOptions, print, printJson } from './output';

const collect = (value: string, previous: string[]) => [...previous, value];

/** The calculations with their parameters, an optional one in brackets. */
async function listCalculations(api: CockpitClient, options: OutputOptions) {
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
}

/** `cockpit calc`: run a calculation, or list them. */
export function registerCalcCommand(program: Command): void {
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
          await listCalculations(api, options);
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
}
