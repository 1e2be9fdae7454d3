import { z } from 'zod';

/** Configuration of the AWS ECS collector. */
export const AwsEcsCollectorConfigSchema = z.object({
  /** AWS region; the SDK's default chain when absent. */
  region: z.string().optional(),
  /** Endpoint of the ECS API (a VPC endpoint, LocalStack, the recorded-response replay of the fixtures). */
  endpoint: z.string().url().optional(),
  /** Cluster names or ARNs to read; every cluster of the account and region when absent. */
  clusters: z.array(z.string().min(1)).optional(),
  /** Tag of the ECS service holding the Cockpit (catalog) service name. */
  serviceTag: z.string().default('service'),
  /** Tag of the ECS service holding the environment. */
  environmentTag: z.string().default('environment'),
  /** Tag of the ECS service holding the version; the main container's image tag otherwise. */
  versionTag: z.string().default('version'),
  /** Environment of a cluster's services that have no environment tag, by cluster name. */
  clusterEnvironments: z.record(z.string(), z.string().min(1)).default({}),
  /** Without tag or cluster mapping, use the cluster name as the environment. */
  environmentFromCluster: z.boolean().default(false),
  /** Environment of services that none of the above places. */
  environment: z.string().min(1).optional(),
  /** Cockpit service names by ECS service name, for services without the service tag. */
  services: z.record(z.string(), z.string().min(1)).default({}),
  /** Without a service tag, `payment-service-production` in production is the service `payment-service`. */
  stripEnvironmentSuffix: z.boolean().default(true),
  /** Name of the main container (its image gives version and `image`); else the one named like the service, else the first essential one. */
  mainContainer: z.string().optional(),
  /** API calls in flight at once. */
  concurrency: z.number().int().min(1).default(5),
});

/** Configuration of the AWS ECS collector, as parsed. */
export type AwsEcsCollectorConfig = z.output<
  typeof AwsEcsCollectorConfigSchema
>;
