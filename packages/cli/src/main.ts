/**
 * `yarn cockpit`: the command line for scripts and operators.
 *
 * Each command group lives in `commands/<group>.ts` and registers itself here.
 */
import { Command } from 'commander';
import { registerApiCommands } from './commands/api';
import { registerHistoryCommands } from './commands/history';
import { registerCollectCommands } from './commands/collect';
import { registerDbCommands } from './commands/db';
import { registerNewCommands } from './commands/new';
import { registerReplayCommands } from './commands/replay';
import { registerSinkCommands } from './commands/sink';
import { registerValidateCommands } from './commands/validate';

const program = new Command('cockpit')
  .description(
    'Cockpit command line: publish, query, calculations, sink and database operations',
  )
  .showHelpAfterError();

registerApiCommands(program);
registerHistoryCommands(program);
registerCollectCommands(program);
registerDbCommands(program);
registerNewCommands(program);
registerReplayCommands(program);
registerSinkCommands(program);
registerValidateCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(
    `cockpit: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
