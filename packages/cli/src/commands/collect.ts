import { resolve } from 'node:path';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import {
  Collector,
  CollectorConfigError,
  CollectorLogger,
  createFileStateStore,
  createMemoryStateStore,
  createNdjsonPublisher,
  createPublisher,
  createStreamLogger,
  publisherConfigFromEnv,
  runCollector,
  scheduleIntervalMs,
} from '@cockpit/collector-sdk';
import { awsEcsCollector } from '@cockpit/collector-aws-ecs';
import { awsLambdaCollector } from '@cockpit/collector-aws-lambda';
import { catalogCollector } from '@cockpit/collector-catalog';
import { containerImagesCollector } from '@cockpit/collector-container-images';
import { demoFleetCollector } from '@cockpit/collector-demo-fleet';
import { githubCollector } from '@cockpit/collector-github';
import { healthCollector } from '@cockpit/collector-health';
import { kubernetesCollector } from '@cockpit/collector-kubernetes';
import {
  opsgenieCollector,
  pagerDutyCollector,
} from '@cockpit/collector-oncall';
import { jaegerCollector, xrayCollector } from '@cockpit/collector-tracing';
import { osvCollector } from '@cockpit/collector-osv';
import { sbomCollector } from '@cockpit/collector-sbom';
import { client, explained } from './apiClient';
import { formatCollectorStatus } from './collectorStatus';

/** The reference collectors, by id. */
export const REFERENCE_COLLECTORS: Record<
  string,
  Collector<any>
> = Object.fromEntries(
  [
    awsEcsCollector,
    awsLambdaCollector,
    catalogCollector,
    containerImagesCollector,
    demoFleetCollector,
    githubCollector,
    healthCollector,
    jaegerCollector,
    kubernetesCollector,
    opsgenieCollector,
    osvCollector,
    pagerDutyCollector,
    sbomCollector,
    xrayCollector,
  ].map(c => [c.id, c]),
);

function isCollector(value: unknown): value is Collector<any> {
  const candidate = value as Collector<any> | undefined;
  return (
    !!candidate &&
    typeof candidate.id === 'string' &&
    typeof candidate.collect === 'function' &&
    typeof candidate.schedule === 'string'
  );
}

/**
 * A reference collector by id, or the collector exported by a module (`./collectors/x/src/index.ts`):
 * its only collector export, or the one whose id follows `#` (`path#my-collector`).
 */
export async function resolveCollector(
  idOrPath: string,
): Promise<Collector<any>> {
  if (REFERENCE_COLLECTORS[idOrPath]) return REFERENCE_COLLECTORS[idOrPath];
  if (!/[/\\]|\.[cm]?[jt]s(#|$)/.test(idOrPath)) {
    throw new CollectorConfigError(
      `unknown collector "${idOrPath}"; known: ${Object.keys(
        REFERENCE_COLLECTORS,
      ).join(', ')} (or give the path of a module exporting one)`,
    );
  }
  const [path, wanted] = idOrPath.split('#');
  const module = await import(pathToFileURL(resolve(path)).href);
  const found = Object.values(module).filter(isCollector);
  const chosen = wanted ? found.filter(c => c.id === wanted) : found;
  if (chosen.length !== 1) {
    const exported = found.length
      ? `the collectors ${found.map(c => c.id).join(', ')}`
      : 'no collector';
    let advice = 'export one made with defineCollector';
    if (chosen.length > 1) advice = 'name one with path#id';
    else if (wanted) advice = `none has the id "${wanted}"`;
    throw new CollectorConfigError(`${path} exports ${exported}; ${advice}`);
  }
  return chosen[0];
}

async function readConfig(file: string | undefined): Promise<unknown> {
  if (file) return JSON.parse(await readFile(file, 'utf8'));
  if (process.env.COCKPIT_COLLECTOR_CONFIG)
    return JSON.parse(process.env.COCKPIT_COLLECTOR_CONFIG);
  return undefined;
}

/**
 * Runs `run` once, or again every `interval` ms until SIGINT or SIGTERM, which also abort the
 * run in progress.
 */
async function runRepeatedly(options: {
  run: (signal: AbortSignal) => Promise<unknown>;
  interval: number | undefined;
  logger: CollectorLogger;
  schedule: string;
}): Promise<void> {
  const { interval, logger } = options;
  const controller = new AbortController();
  const stop = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    for (;;) {
      await options.run(controller.signal);
      if (interval === undefined) return;
      logger.info(
        `next run in ${Math.round(interval / 1000)} s (${
          options.schedule
        }); Ctrl-C stops`,
      );
      await new Promise<void>(done => {
        const timer = setTimeout(done, interval);
        controller.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          done();
        });
      });
      if (controller.signal.aborted) return;
    }
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

interface CollectOptions {
  once?: boolean;
  dryRun?: boolean;
  config?: string;
  state?: string;
  publisher?: string;
}

/** `cockpit collect <collector>`. */
async function collect(idOrPath: string, options: CollectOptions) {
  const collector = await resolveCollector(idOrPath);
  const logger = createStreamLogger({ prefix: collector.id });
  const config = await readConfig(options.config);
  const stateFile = createFileStateStore({
    path:
      options.state ??
      resolve('.cockpit-data', 'collectors', `${collector.id}.state.json`),
  });
  const publisher = options.dryRun
    ? createNdjsonPublisher({ stream: process.stdout })
    : createPublisher({
        config: publisherConfigFromEnv({
          ...process.env,
          ...(options.publisher
            ? { COCKPIT_PUBLISHER: options.publisher }
            : {}),
        }),
        logger,
      });
  const once = options.once || options.dryRun;
  const interval = scheduleIntervalMs(collector.schedule);
  if (!once && interval === undefined) {
    throw new CollectorConfigError(
      `the schedule "${collector.schedule}" of ${collector.id} runs on EventBridge; use --once to run it here`,
    );
  }
  // A dry run starts from the saved state and keeps none.
  const run = async (signal: AbortSignal) =>
    runCollector({
      collector,
      publisher,
      config,
      logger,
      state: options.dryRun
        ? createMemoryStateStore(await stateFile.load())
        : stateFile,
      signal,
    });
  await runRepeatedly({
    run,
    interval: once ? undefined : interval,
    logger,
    schedule: collector.schedule,
  });
}

/** `cockpit collect <id>` and `cockpit collectors`: run a collector locally, once or on its schedule. */
export function registerCollectCommands(program: Command): void {
  program
    .command('collectors')
    .description(
      'List the reference collectors; with --status, every collector that ran with its last run and the last 24 hours',
    )
    .option(
      '--status',
      'ask the Cockpit API (GET /collectors): last run, messages, failures, rejections of 24 h, overdue',
    )
    .option('--json', 'with --status: print the JSON answer')
    .action(
      explained(
        async (
          options: { status?: boolean; json?: boolean },
          command: Command,
        ) => {
          if (options.status) {
            const list = await client(command).listCollectors();
            process.stdout.write(
              options.json
                ? `${JSON.stringify(list, null, 2)}\n`
                : formatCollectorStatus(list),
            );
            return;
          }
          for (const collector of Object.values(REFERENCE_COLLECTORS)) {
            process.stdout.write(
              `${collector.id.padEnd(17)} ${collector.schedule.padEnd(18)} ${
                collector.description
              }\n`,
            );
          }
        },
      ),
    );

  program
    .command('collect <collector>')
    .description(
      'Run a collector (a reference id, or the path of a module exporting one). Publishes through COCKPIT_PUBLISHER ' +
        '(http to COCKPIT_URL with COCKPIT_API_TOKEN by default; sns with COCKPIT_SNS_TOPIC_ARN; lambda with COCKPIT_SINK_FUNCTION)',
    )
    .option(
      '--once',
      'run once and exit (otherwise repeat on the collector rate schedule)',
    )
    .option(
      '--dry-run',
      'print the batches as NDJSON on stdout instead of publishing (implies --once, keeps no state)',
    )
    .option(
      '--config <file>',
      'JSON configuration of the collector (default: $COCKPIT_COLLECTOR_CONFIG)',
    )
    .option(
      '--state <file>',
      'where the collector keeps its state between runs',
      undefined,
    )
    .option(
      '--publisher <type>',
      'sns, lambda, http or ndjson (default: $COCKPIT_PUBLISHER)',
    )
    .action(collect);
}
