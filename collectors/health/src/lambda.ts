import { createCollectorLambdaHandler } from '@cockpit/collector-sdk';
import { healthCollector } from './health';

/**
 * Lambda entry point for an EventBridge schedule (`healthCollector.schedule`): runs the collector once
 * per invocation, publishing through `COCKPIT_PUBLISHER` (SNS: `COCKPIT_SNS_TOPIC_ARN`), configured
 * by `COCKPIT_COLLECTOR_CONFIG` or the event's `detail.config`.
 */
export const handler = createCollectorLambdaHandler({
  collector: healthCollector,
});
