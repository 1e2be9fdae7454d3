import { z } from 'zod';

/** The default base URL of OSV's API. */
export const OSV_API_BASE_URL = 'https://api.osv.dev';

const AdvisorySourceSchema = z.discriminatedUnion('type', [
  z.strictObject({
    /** An ecosystem's (or every ecosystem's) `all.zip` export, read without unpacking. */
    type: z.literal('zip'),
    path: z.string().min(1),
  }),
  z.strictObject({
    /** A directory of advisories (`*.json`, in any sub-folder), or one JSON file. */
    type: z.literal('directory'),
    path: z.string().min(1),
  }),
  z.strictObject({
    /** OSV's batch query API, then `GET /v1/vulns/{id}` for each advisory found. */
    type: z.literal('api'),
    baseUrl: z.url().default(OSV_API_BASE_URL),
    batchSize: z.number().int().min(1).max(1000).default(1000),
    concurrency: z.number().int().min(1).max(32).default(8),
  }),
]);

/** Where the advisories come from. */
export type AdvisorySource = z.infer<typeof AdvisorySourceSchema>;

/** Configuration: where the advisories are and which versions to check. */
export const OsvCollectorConfigSchema = z
  .object({
    /** Where the advisories come from: `{ type: 'zip' | 'directory', path }` or `{ type: 'api', baseUrl? }`. */
    source: AdvisorySourceSchema.optional(),
    /** Shorthand for `source`: a path, read as a zip archive when it ends in `.zip`, else as a directory or file. */
    advisories: z.string().min(1).optional(),
    /** Package URLs with version to check. */
    purls: z.array(z.string().startsWith('pkg:')).default([]),
    /** Or every `SoftwareDependencyVersion` known to Cockpit, read through its REST API. */
    api: z
      .object({ baseUrl: z.string().url(), token: z.string().optional() })
      .optional(),
  })
  .refine(c => c.purls.length > 0 || c.api, { message: 'set purls or api' })
  .refine(c => (c.source === undefined) !== (c.advisories === undefined), {
    message: 'set exactly one of source and advisories',
  });

/** The configuration of the osv collector. */
export type OsvCollectorConfig = z.infer<typeof OsvCollectorConfigSchema>;

/** The advisory source a configuration names. */
export function advisorySourceOf(
  config: Pick<OsvCollectorConfig, 'source' | 'advisories'>,
): AdvisorySource {
  if (config.source) return config.source;
  const path = config.advisories!;
  return path.endsWith('.zip')
    ? { type: 'zip', path }
    : { type: 'directory', path };
}
