import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { lazySinkDatabase } from './database';
import { createSinkHandler } from './handler';
import { powertoolsSinkMetrics } from './metrics';

/**
 * The deployed entry point (`lambda.handler`). The logger, the metrics and the database pool
 * live outside the handler, so warm invocations reuse the pool's connections.
 */
const logger = new Logger({ serviceName: 'cockpit-sink' });
const metrics = new Metrics({
  namespace: 'Cockpit',
  serviceName: 'cockpit-sink',
});

const database = lazySinkDatabase();
const sink = createSinkHandler({
  getKnex: database,
  reopenDatabase: database.reopen,
  logger,
  metrics: powertoolsSinkMetrics(metrics),
});

/**
 * Every log line carries the invocation's request id, function name and cold start flag;
 * the invocation's counts go out as one embedded-metric-format line when it ends, thrown
 * or not.
 */
export const handler = async (event: unknown, context: Context) => {
  logger.addContext(context);
  metrics.captureColdStartMetric();
  try {
    return await sink(event);
  } finally {
    metrics.publishStoredMetrics();
  }
};
