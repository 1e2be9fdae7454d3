import { Command } from 'commander';
import {
  findRepositoryRoot,
  scaffoldCollector,
} from '../scaffold/collectorPackage';
import { REFERENCE_COLLECTORS } from './collect';

/** `cockpit new collector <id>`: a new collector package, ready to test and dry-run. */
export function registerNewCommands(program: Command): void {
  const create = program
    .command('new')
    .description('Create something new in this repository');
  create
    .command('collector <id>')
    .description(
      'Write a collector package under collectors/<id> (typed configuration, input fixture, test-kit test, ' +
        'Lambda entry point, README) and print the commands to run next',
    )
    .action((id: string) => {
      const scaffolded = scaffoldCollector({
        root: findRepositoryRoot(process.cwd()),
        id,
        takenIds: Object.keys(REFERENCE_COLLECTORS),
      });
      process.stdout.write(
        [
          `created ${scaffolded.packageName} in ${scaffolded.directory}:`,
          ...scaffolded.files.map(file => `  ${file}`),
          '',
          `edit ${scaffolded.directory}/src/${id}.ts, then run:`,
          ...scaffolded.nextCommands.map(command => `  ${command}`),
          '',
        ].join('\n'),
      );
    });
}
