import { z } from 'zod';

/** Configuration of the container images collector. */
export const ContainerImagesCollectorConfigSchema = z
  .object({
    /** Image references to check in ECR (`123456789012.dkr.ecr.eu-west-1.amazonaws.com/payment-service:1.77.5`). */
    images: z.array(z.string().min(1)).default([]),
    /**
     * The Cockpit REST API: the images every deployment runs (its `deployment-info` `images`, or
     * `image`) are checked, and each deployment gets its `deployment-images` link.
     */
    api: z
      .object({ baseUrl: z.string().url(), token: z.string().optional() })
      .optional(),
    /** Read the findings of Amazon ECR image scanning (basic, or enhanced by Amazon Inspector) for images in ECR. */
    ecr: z
      .object({
        /** Endpoint of the ECR API (a VPC endpoint; the recorded-response replay of the fixtures). */
        endpoint: z.string().url().optional(),
      })
      .optional(),
    /** Read Trivy JSON reports (`trivy image --format json`): from a folder, or from an S3 bucket under a prefix. */
    trivy: z
      .object({
        directory: z.string().min(1).optional(),
        bucket: z.string().min(1).optional(),
        prefix: z.string().default(''),
        region: z.string().optional(),
      })
      .refine(t => !!t.directory !== !!t.bucket, {
        message: 'set either directory or bucket',
      })
      .optional(),
    /** API calls in flight at once. */
    concurrency: z.number().int().min(1).default(5),
  })
  .refine(c => c.ecr || c.trivy, { message: 'set ecr, trivy or both' });

/** Configuration of the container images collector, as parsed. */
export type ContainerImagesCollectorConfig = z.output<
  typeof ContainerImagesCollectorConfigSchema
>;
