import type { Collector } from './collector';
import {
  loadCollectorConfigFromEnv,
  stateStoreFromEnv,
} from './lambdaEnvironment';
import { createStreamLogger } from './logger';
import {
  createPublisher,
  publisherConfigFromEnv,
} from './publishers/fromConfig';
import type { Publisher } from './publishers/types';
import { CollectorRunSummary, runCollector } from './runner';
import type { CollectorStateStore } from './state';

/**
 * A Lambda handler that runs a collector once per invocation, for an EventBridge schedule
 * (`schedule` of the collector). The publisher comes from the environment
 * (see {@link publisherConfigFromEnv}); the collector's configuration from the event's
 * `detail.config`, or else `COCKPIT_COLLECTOR_CONFIG` (JSON), an SSM parameter or a secret (see
 * {@link loadCollectorConfigFromEnv}); its state between runs from an S3 object when
 * `COCKPIT_COLLECTOR_STATE_BUCKET` is set (see {@link stateStoreFromEnv}). The run is aborted
 * a few seconds before the Lambda times out.
 *
 * @example
 * // handler.ts, bundled with esbuild
 * export const handler = createCollectorLambdaHandler({ collector: awsLambdaCollector });
 */
export function createCollectorLambdaHandler<TConfig>(options: {
  collector: Collector<TConfig>;
  publisher?: Publisher;
  state?: CollectorStateStore;
  env?: NodeJS.ProcessEnv;
}) {
  return async (
    event: { detail?: { config?: unknown } } | undefined,
    context?: { getRemainingTimeInMillis?: () => number },
  ): Promise<CollectorRunSummary> => {
    const env = options.env ?? process.env;
    const logger = createStreamLogger({ prefix: options.collector.id });
    const publisher =
      options.publisher ??
      createPublisher({ config: publisherConfigFromEnv(env), logger });
    const config =
      event?.detail?.config ?? (await loadCollectorConfigFromEnv({ env }));
    const state =
      options.state ??
      stateStoreFromEnv({ env, collectorId: options.collector.id });
    const controller = new AbortController();
    const remaining = context?.getRemainingTimeInMillis?.();
    const timer =
      remaining !== undefined
        ? setTimeout(
            () => controller.abort(new Error('Lambda about to time out')),
            Math.max(0, remaining - 5000),
          )
        : undefined;
    try {
      return await runCollector({
        collector: options.collector,
        publisher,
        config,
        logger,
        signal: controller.signal,
        state,
      });
    } finally {
      if (timer) clearTimeout(timer);
    }
  };
}
