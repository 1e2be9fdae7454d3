import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/** What one invocation of the sink did, as counted for its metrics. */
export interface SinkInvocationCounts {
  /** Messages stored. */
  accepted: number;
  /** Entries written to `rejections`: refused messages, and whole batches refused (one each). */
  quarantined: number;
  /** Event records (SQS or SNS) not stored, left to be delivered again. */
  failed: number;
}

/** Where the handler reports its counts; see `powertoolsSinkMetrics`. */
export interface SinkMetrics {
  recordInvocation(counts: SinkInvocationCounts): void;
}

/** The metric names in the `Cockpit` namespace, as the stack's alarm and dashboards use them. */
export const SINK_METRIC_NAMES = {
  accepted: 'MessagesAccepted',
  quarantined: 'Quarantined',
  failed: 'RecordsFailed',
} as const;

/**
 * Sink metrics through Powertools Metrics: one embedded-metric-format log line per
 * invocation, which CloudWatch turns into metrics without an API call. The caller publishes
 * (`metrics.publishStoredMetrics()`) when the invocation ends.
 *
 * @example
 * const metrics = new Metrics({ namespace: 'Cockpit', serviceName: 'cockpit-sink' });
 * createSinkHandler({ getKnex, logger, metrics: powertoolsSinkMetrics(metrics) });
 */
export function powertoolsSinkMetrics(metrics: Metrics): SinkMetrics {
  return {
    recordInvocation(counts) {
      for (const key of ['accepted', 'quarantined', 'failed'] as const) {
        metrics.addMetric(
          SINK_METRIC_NAMES[key],
          MetricUnit.Count,
          counts[key],
        );
      }
    },
  };
}
