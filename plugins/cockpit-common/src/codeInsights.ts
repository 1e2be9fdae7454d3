import { z } from 'zod';

const isoDate = z.iso.datetime({ offset: true });

/**
 * Value of a `code-insights` reading on a Service: the state of its source repository
 * (GitHub today). Ages are whole days at collection time; lists are capped by the collector
 * and say how many there are in total.
 */
export const CodeInsightsValueSchema = z.looseObject({
  /** `owner/name`, from the catalog annotation `github.com/project-slug`. */
  repository: z.string().min(1),
  url: z.string().optional(),
  defaultBranch: z.string().min(1),
  /** Open pull requests: how many, and the oldest ones first. */
  pullRequests: z.looseObject({
    open: z.number().int().nonnegative(),
    oldestOpenedAt: isoDate.nullable(),
    medianAgeDays: z.number().nonnegative().nullable(),
    items: z.array(
      z.looseObject({
        number: z.number().int(),
        title: z.string(),
        author: z.string().nullable(),
        openedAt: isoDate,
        ageDays: z.number().nonnegative(),
        draft: z.boolean(),
        url: z.string(),
      }),
    ),
  }),
  /** Commit authors of the default branch over the window, most commits first. */
  contributors: z.looseObject({
    windowDays: z.number().int().positive(),
    count: z.number().int().nonnegative(),
    commits: z.number().int().nonnegative(),
    items: z.array(
      z.looseObject({
        login: z.string(),
        commits: z.number().int().positive(),
      }),
    ),
  }),
  lastCommit: z
    .looseObject({
      sha: z.string(),
      message: z.string(),
      author: z.string().nullable(),
      committedAt: isoDate,
      url: z.string(),
    })
    .nullable(),
  /** Branch protection of the default branch; `protected: false` when none is set. */
  branchProtection: z.looseObject({
    protected: z.boolean(),
    requiredApprovingReviews: z.number().int().nonnegative().optional(),
    requiredStatusChecks: z.array(z.string()).optional(),
    enforceAdmins: z.boolean().optional(),
    /** False when the token may not read the protection settings (they need admin rights). */
    known: z.boolean().optional(),
  }),
  /** Languages by share of bytes, largest first. */
  languages: z.array(
    z.looseObject({
      name: z.string(),
      bytes: z.number().int().nonnegative(),
      share: z.number(),
    }),
  ),
});

/** Value of a `code-insights` reading. */
export type CodeInsightsValue = z.infer<typeof CodeInsightsValueSchema>;
