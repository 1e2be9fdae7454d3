import { Command } from 'commander';
import { loadRecordings, startReplayServer } from '@cockpit/collector-sdk';

/**
 * `cockpit replay <folder...>`: serves recorded vendor API responses on 127.0.0.1, so a
 * collector can be dry-run on its fixtures over real HTTP (its `baseUrl` set to the printed origin).
 */
export function registerReplayCommands(program: Command): void {
  program
    .command('replay <folders...>')
    .description(
      'Serve the recorded API responses of fixture folders on 127.0.0.1 until stopped (dry-run a collector on its fixtures)',
    )
    .option(
      '--port <port>',
      'port to listen on (default: any free port)',
      value => Number(value),
    )
    .action(async (folders: string[], options: { port?: number }) => {
      const exchanges = (
        await Promise.all(folders.map(folder => loadRecordings(folder)))
      ).flat();
      const server = await startReplayServer({ exchanges, port: options.port });
      process.stdout.write(`${server.origin}\n`);
      process.stderr.write(
        `replaying ${exchanges.length} recorded exchanges on ${server.origin}; Ctrl-C stops\n`,
      );
      await new Promise<void>(done => {
        process.once('SIGINT', done);
        process.once('SIGTERM', done);
      });
      await server.close();
    });
}
