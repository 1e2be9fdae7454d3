import { z } from 'zod';

/** Configuration: SBOM files named explicitly, and/or a directory laid out as `<service>/<environment>.cdx.json` or `.spdx.json`. */
export const SbomCollectorConfigSchema = z
  .object({
    sboms: z
      .array(
        z.object({
          service: z.string().min(1),
          environment: z.string().min(1),
          file: z.string().min(1),
        }),
      )
      .default([]),
    directory: z.string().optional(),
  })
  .refine(c => c.sboms.length > 0 || c.directory, {
    message: 'set sboms or directory',
  });

/** The configuration of the sbom collector, as parsed. */
export type SbomCollectorConfig = z.output<typeof SbomCollectorConfigSchema>;
