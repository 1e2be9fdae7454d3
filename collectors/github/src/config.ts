import { z } from 'zod';
import { CatalogSourceSchema } from '@cockpit/collector-catalog';

/** Catalog annotation naming a Component's repository, `owner/name` (as Backstage's GitHub plugins read it). */
export const GITHUB_PROJECT_SLUG_ANNOTATION = 'github.com/project-slug';

/** Configuration of the GitHub collector. */
export const GitHubCollectorConfigSchema = z
  .object({
    /** API base: `https://api.github.com`, or `https://<host>/api/v3` for GitHub Enterprise Server. */
    baseUrl: z.string().url().default('https://api.github.com'),
    /** A token that may read the repositories (fine-grained: contents, pull requests, deployments, metadata; administration to read branch protection). */
    token: z.string().min(1),
    /** Repositories given explicitly: `{ service, repository: 'owner/name' }`. */
    repositories: z
      .array(
        z.object({
          service: z.string().min(1),
          repository: z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'owner/name'),
        }),
      )
      .default([]),
    /** Also read the Components that carry `github.com/project-slug`. */
    catalog: CatalogSourceSchema.optional(),
    /** Contributors are the commit authors of the default branch over this many days. */
    contributorWindowDays: z.number().int().min(1).max(365).default(90),
    /** Deployments created this many days back become timeline events. */
    deploymentLookbackDays: z.number().int().min(1).max(365).default(14),
    /** How many open pull requests (oldest first) and contributors are listed in the reading. */
    listLimit: z.number().int().min(1).max(100).default(20),
    pageSize: z.number().int().min(1).max(100).default(100),
  })
  .refine(c => c.repositories.length > 0 || c.catalog, {
    message: 'set repositories or catalog',
  });

/** Configuration of the GitHub collector. */
export type GitHubCollectorConfig = z.output<
  typeof GitHubCollectorConfigSchema
>;
