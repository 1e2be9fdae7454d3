import { Command } from 'commander';
import { registerApiGlobalOptions } from './apiClient';
import { registerCalcCommand } from './calc';
import { registerPublishCommand } from './publish';
import { registerReadingsCommand } from './readings';
import { registerRejectionsCommand } from './rejections';
import { registerResourceCommands } from './resources';

/**
 * `cockpit resources|resource|readings|calc|publish|rejections`: the REST API from a shell.
 * The base URL comes from `--url` or `COCKPIT_URL`, the token from `--token` or `COCKPIT_API_TOKEN`
 * (`apiClient.ts`); each command is declared in its own file, printing through `output.ts`.
 */
export function registerApiCommands(program: Command): void {
  registerApiGlobalOptions(program);
  registerResourceCommands(program);
  registerReadingsCommand(program);
  registerCalcCommand(program);
  registerPublishCommand(program);
  registerRejectionsCommand(program);
}
