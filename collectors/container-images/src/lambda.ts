import { createCollectorLambdaHandler } from '@cockpit/collector-sdk';
import { containerImagesCollector } from './containerImages';

/**
 * Lambda entry point for an EventBridge schedule (`containerImagesCollector.schedule`): runs the
 * collector once per invocation, publishing through `COCKPIT_PUBLISHER` (SNS:
 * `COCKPIT_SNS_TOPIC_ARN`), configured by `COCKPIT_COLLECTOR_CONFIG` or the event's `detail.config`.
 */
export const handler = createCollectorLambdaHandler({
  collector: containerImagesCollector,
});
