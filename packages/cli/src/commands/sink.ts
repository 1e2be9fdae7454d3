import fs from 'node:fs/promises';
import { Command } from 'commander';
import { createSinkHandler, lazySinkDatabase, SinkLogger } from '@cockpit/sink';

/** Where `sink invoke` writes: the response on `stdout`, logs on `stderr`. */
export interface InvokeOutput {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** A logger writing one JSON object per line to stderr, like the Lambda's logs. */
function stderrLogger(stderr: InvokeOutput['stderr']): SinkLogger {
  const at =
    (level: string) =>
    (message: string, ...extra: Array<Record<string, unknown>>) => {
      stderr.write(
        `${JSON.stringify({
          level,
          message,
          timestamp: new Date().toISOString(),
          ...Object.assign({}, ...extra),
        })}\n`,
      );
    };
  return {
    debug: at('DEBUG'),
    info: at('INFO'),
    warn: at('WARN'),
    error: at('ERROR'),
  };
}

/**
 * Runs the real sink handler once on a Lambda event (JSON text) against the database the
 * Lambda would use (`COCKPIT_DATABASE_URL`, or `COCKPIT_DATABASE_SECRET_ARN`). Prints the
 * handler's response as JSON on stdout; returns the exit code: 0, or 1 when the handler threw.
 *
 * @example
 * yarn cockpit sink invoke --event event.json
 * cat event.json | yarn cockpit sink invoke --event -
 */
export async function invokeSink(options: {
  eventText: string;
  env?: NodeJS.ProcessEnv;
  output?: InvokeOutput;
}): Promise<number> {
  const output = options.output ?? {
    stdout: process.stdout,
    stderr: process.stderr,
  };
  let event: unknown;
  try {
    event = JSON.parse(options.eventText);
  } catch (error) {
    output.stderr.write(
      `cockpit sink invoke: the event is not JSON: ${
        (error as Error).message
      }\n`,
    );
    return 1;
  }
  const database = lazySinkDatabase({ env: options.env ?? process.env });
  const handler = createSinkHandler({
    getKnex: database,
    reopenDatabase: database.reopen,
    logger: stderrLogger(output.stderr),
  });
  try {
    const response = await handler(event);
    output.stdout.write(`${JSON.stringify(response, null, 2)}\n`);
    return 0;
  } catch (error) {
    const text =
      error instanceof Error
        ? `${error.name}: ${error.message}`
        : String(error);
    output.stderr.write(`cockpit sink invoke: the handler threw ${text}\n`);
    return 1;
  } finally {
    await database.close();
  }
}

async function readEvent(source: string): Promise<string> {
  if (source !== '-') return fs.readFile(source, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/** `cockpit sink ...`: the sink Lambda, run from the command line. */
export function registerSinkCommands(program: Command): void {
  const sink = program
    .command('sink')
    .description('The sink Lambda, run from the command line');

  sink
    .command('invoke')
    .description(
      'Run the real sink handler once on a Lambda event (SNS or SQS) against COCKPIT_DATABASE_URL; prints its response',
    )
    .requiredOption(
      '--event <file>',
      'the event as JSON: a file, or - for stdin',
    )
    .action(async (options: { event: string }) => {
      process.exitCode = await invokeSink({
        eventText: await readEvent(options.event),
      });
    });
}
