import { createCollectorLambdaHandler } from '@cockpit/collector-sdk';
import { awsLambdaCollector } from './awsLambda';

/**
 * Lambda entry point for an EventBridge schedule (`awsLambdaCollector.schedule`): runs the collector once
 * per invocation, publishing through `COCKPIT_PUBLISHER` (SNS: `COCKPIT_SNS_TOPIC_ARN`), configured
 * by `COCKPIT_COLLECTOR_CONFIG` or the event's `detail.config`.
 */
export const handler = createCollectorLambdaHandler({
  collector: awsLambdaCollector,
});
