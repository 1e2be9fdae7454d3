import { createCollectorLambdaHandler } from '@cockpit/collector-sdk';
import { jaegerCollector } from './jaeger';
import { xrayCollector } from './xray';

/** Lambda entry point of the X-Ray collector (configuration from `COCKPIT_COLLECTOR_CONFIG` or `detail.config`). */
export const xrayHandler = createCollectorLambdaHandler({
  collector: xrayCollector,
});

/** Lambda entry point of the Jaeger collector. */
export const jaegerHandler = createCollectorLambdaHandler({
  collector: jaegerCollector,
});
