import { z } from 'zod';

/** Configuration: the instances to poll. */
export const HealthCollectorConfigSchema = z.object({
  targets: z
    .array(
      z.object({
        service: z.string().min(1),
        environment: z.string().min(1),
        instanceId: z.string().min(1),
        /** Base URL of the instance, e.g. `http://10.0.1.17:8080`. */
        url: z.string().url(),
        type: z.enum(['actuator', 'plain', 'auto']).default('auto'),
      }),
    )
    .default([]),
  timeoutMs: z.number().int().min(1).default(3000),
  /** How many instances are probed at once. */
  concurrency: z.number().int().min(1).default(8),
});

/** Configuration, as parsed. */
export type HealthCollectorConfig = z.infer<typeof HealthCollectorConfigSchema>;

/** One instance to poll. */
export type Target = HealthCollectorConfig['targets'][number];
