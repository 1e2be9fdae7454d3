import { createCollectorLambdaHandler } from '@cockpit/collector-sdk';
import { githubCollector } from './github';

/** Lambda entry point of the GitHub collector (configuration from `COCKPIT_COLLECTOR_CONFIG` or `detail.config`). */
export const handler = createCollectorLambdaHandler({
  collector: githubCollector,
});
