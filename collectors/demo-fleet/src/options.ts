import { z } from 'zod';

/** The services of the local demo (the app's catalog-info.yaml registers them as Components). */
export const DEFAULT_SERVICE_NAMES = [
  'payment-service',
  'checkout-service',
  'catalog-service',
] as const;

/** The environments of the local demo. */
export const DEFAULT_ENVIRONMENTS = ['staging', 'production'] as const;

/** The reading type of the optional per-instance metrics (TIME_SERIES, not a well-known type). */
export const INSTANCE_METRICS_READING_TYPE = 'instance-metrics';

/** Options of the generated fleet; every one has a default that suits `yarn start`. */
export const FleetOptionsSchema = z.object({
  /** Same seed, same `now`: the same fleet, message for message. */
  seed: z.number().int().default(42),
  /** How many services, or their names (the first three default to the demo's). */
  services: z
    .union([z.number().int().min(1), z.array(z.string().min(1)).min(1)])
    .default(3),
  environments: z
    .array(z.string().min(1))
    .min(1)
    .default([...DEFAULT_ENVIRONMENTS]),
  /** Instances per deployment: a fixed number or an inclusive range. */
  instancesPerDeployment: z
    .union([
      z.number().int().min(1),
      z.tuple([z.number().int().min(1), z.number().int().min(1)]),
    ])
    .default([2, 3]),
  /** Distinct dependency versions in the fleet (known packages first, then internal libraries). */
  dependencyVersions: z.number().int().min(1).default(60),
  dependenciesPerDeployment: z.number().int().min(1).default(12),
  /** `service-event` points per service, spread over `historyDays`. */
  serviceEventsPerService: z.number().int().min(0).default(120),
  historyDays: z.number().positive().default(90),
  /**
   * Also publish the fleet's past as its collectors would have seen it, so that the store has
   * one to browse as of a moment: each deployment event's `deployment-info` at its time, each
   * instance's `instance-info` and daily `health` from its start, each service's `ownership`
   * and `tech-stack` from its first deployment. Re-runs send the same past readings again,
   * which the sink takes as unchanged.
   */
  pastReadings: z.boolean().default(true),
  /** Optional `instance-metrics` points per instance, every 15 minutes up to `now`. */
  metricPointsPerInstance: z.number().int().min(0).default(0),
  /** The fleet's clock (ISO 8601); defaults to the start of the current hour. */
  now: z.iso.datetime({ offset: true }).optional(),
});

/** Options of the generated fleet, as written. */
export type FleetOptions = z.input<typeof FleetOptionsSchema>;

/** The size the BFF benchmark loads: 2,000 services x 3 environments x 5 instances, ~5M readings. */
export const BENCHMARK_FLEET_OPTIONS: FleetOptions = {
  seed: 7,
  services: 2000,
  environments: ['dev', 'staging', 'production'],
  instancesPerDeployment: 5,
  dependencyVersions: 20_000,
  dependenciesPerDeployment: 40,
  serviceEventsPerService: 1000,
  historyDays: 365,
  metricPointsPerInstance: 100,
  // the bench writes the fleet straight into the tables and loads its own history (bench/history.ts)
  pastReadings: false,
};
