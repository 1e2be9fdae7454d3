import { createCollectorLambdaHandler } from '@cockpit/collector-sdk';
import { opsgenieCollector } from './opsgenie';
import { pagerDutyCollector } from './pagerduty';

/** Lambda entry point of the PagerDuty collector (configuration from `COCKPIT_COLLECTOR_CONFIG` or `detail.config`). */
export const pagerDutyHandler = createCollectorLambdaHandler({
  collector: pagerDutyCollector,
});

/** Lambda entry point of the Opsgenie collector. */
export const opsgenieHandler = createCollectorLambdaHandler({
  collector: opsgenieCollector,
});
