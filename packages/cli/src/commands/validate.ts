import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { Command } from 'commander';
import {
  PublishInputValidator,
  ValidationProblem,
  ValidationSummary,
} from '../validate/publishInput';

/** Where `validate` writes: problems on `stdout`, the summary on `stderr`. */
export interface ValidateOutput {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

function formatProblem(source: string, problem: ValidationProblem): string {
  const message =
    problem.messageIndex === null ? '' : ` message ${problem.messageIndex}:`;
  return `${source}:${problem.line}:${message} ${problem.field}: ${problem.message}\n`;
}

function plural(count: number, word: string): string {
  if (count === 1) return `${count} ${word}`;
  return `${count} ${word}${word.endsWith('h') ? 'es' : 's'}`;
}

function formatSummary(summary: ValidationSummary): string {
  const seen = `${plural(summary.batches, 'batch')}, ${plural(
    summary.messages,
    'message',
  )}`;
  if (summary.problems === 0) return `${seen}: everything would land\n`;
  return `${seen}: ${plural(summary.problems, 'problem')}; ${plural(
    summary.refusedBatches,
    'batch',
  )} and ${plural(summary.refusedMessages, 'message')} would be refused\n`;
}

/**
 * Validates publish batches or messages (JSON or NDJSON) from a stream, printing each problem
 * as `<source>:<line>: message <i>: <field>: <reason>` (or one JSON object per line with
 * `json`). Returns the exit code: 0 only when everything would land.
 *
 * @example
 * yarn cockpit collect my-collector --dry-run | yarn cockpit validate
 */
export async function validatePublishInput(options: {
  input: Readable;
  source: string;
  json?: boolean;
  output?: ValidateOutput;
}): Promise<number> {
  const output = options.output ?? {
    stdout: process.stdout,
    stderr: process.stderr,
  };
  const print = (problems: ValidationProblem[]) => {
    for (const problem of problems) {
      output.stdout.write(
        options.json
          ? `${JSON.stringify(problem)}\n`
          : formatProblem(options.source, problem),
      );
    }
  };
  const validator = new PublishInputValidator();
  const lines = createInterface({ input: options.input, crlfDelay: Infinity });
  for await (const line of lines) print(validator.addLine(line));
  print(validator.finish());
  const summary = validator.summary();
  output.stderr.write(`cockpit validate: ${formatSummary(summary)}`);
  return summary.problems === 0 ? 0 : 1;
}

/** `cockpit validate [file|-]`: would this land? Offline, with the sink's and the SDK's rules. */
export function registerValidateCommands(program: Command): void {
  program
    .command('validate [file]')
    .description(
      'Check publish batches or messages (JSON or NDJSON, from a file or - for stdin) against everything ' +
        'the sink and the SDK enforce; prints each problem with its line, message and field; exits 0 only ' +
        'when everything would land',
    )
    .option('--json', 'print each problem as one JSON object per line')
    .action(async (file: string | undefined, options: { json?: boolean }) => {
      const fromStdin = !file || file === '-';
      const input = fromStdin ? process.stdin : createReadStream(file);
      process.exitCode = await validatePublishInput({
        input,
        source: fromStdin ? 'stdin' : file,
        json: options.json,
      });
    });
}
