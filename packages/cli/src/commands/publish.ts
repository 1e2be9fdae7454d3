import { Command } from 'commander';
import { ingestOverHttp } from '@cockpit/collector-sdk';
import { CockpitClient } from '@cockpit/plugin-cockpit-common';
import { readPublishInput, RawBatch } from './apiInput';
import { client, cockpitUrl, explained } from './apiClient';
import { OutputOptions, print } from './output';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Posts the batches one by one, printing each outcome (JSON with `--json`, else the rejected
 * messages on stderr), and counts the messages accepted and rejected.
 */
async function publishBatches(
  batches: RawBatch[],
  api: CockpitClient,
  description: string,
  options: OutputOptions,
): Promise<{ accepted: number; rejected: number }> {
  let accepted = 0;
  let rejected = 0;
  for (const [index, batch] of batches.entries()) {
    // 5xx answers (503: database unavailable) are tried again; 4xx never are.
    const answer = await ingestOverHttp({
      client: api,
      batch: batch as never,
      description,
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
      else process.stderr.write(`batch ${index} rejected: ${answer.reason}\n`);
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
  return { accepted, rejected };
}

/** `cockpit publish`: batches or messages from stdin through POST /ingest. */
export function registerPublishCommand(program: Command): void {
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
        const batches = readPublishInput(await readStdin(), {
          collector: options.collector,
        });
        const { accepted, rejected } = await publishBatches(
          batches,
          client(command),
          cockpitUrl(command),
          options,
        );
        if (!options.json)
          print(
            `${batches.length} batch(es): ${accepted} accepted, ${rejected} rejected\n`,
          );
        if (rejected > 0) process.exitCode = 2;
      }),
    );
}
