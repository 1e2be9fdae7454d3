import { z } from 'zod';
import { SEVERITIES, Severity } from '@cockpit/plugin-cockpit-common';
import { CVSS_TYPES, cvssBaseScore, CvssScore, severityOfScore } from './cvss';

const event = z.looseObject({
  introduced: z.string().optional(),
  fixed: z.string().optional(),
  last_affected: z.string().optional(),
  limit: z.string().optional(),
});

const rating = z.looseObject({ severity: z.unknown().optional() }).optional();

const affected = z.looseObject({
  package: z
    .looseObject({
      ecosystem: z.string(),
      name: z.string(),
      purl: z.string().optional(),
    })
    .optional(),
  ranges: z
    .array(z.looseObject({ type: z.string(), events: z.array(event) }))
    .optional(),
  versions: z.array(z.string()).optional(),
  severity: z
    .array(z.looseObject({ type: z.string(), score: z.string() }))
    .optional(),
  database_specific: rating,
  ecosystem_specific: rating,
});

/** The part of an OSV advisory (https://ossf.github.io/osv-schema/) this collector reads; other fields are kept. */
export const OsvAdvisorySchema = z.looseObject({
  id: z.string().min(1),
  summary: z.string().optional(),
  details: z.string().optional(),
  aliases: z.array(z.string()).nullish(),
  withdrawn: z.string().optional(),
  severity: z
    .array(z.looseObject({ type: z.string(), score: z.string() }))
    .nullish(),
  affected: z.array(affected).nullish(),
  database_specific: rating,
});

/** An OSV advisory. */
export type OsvAdvisory = z.infer<typeof OsvAdvisorySchema>;
/** One `affected` entry of an OSV advisory. */
export type OsvAffected = z.infer<typeof affected>;

/** The severity of an advisory for one affected package, with where it came from. */
export interface AdvisorySeverity {
  severity: Severity;
  source?: 'DATABASE' | 'CVSS';
  cvss?: CvssScore;
}

// GitHub's MODERATE, and the ratings some databases write in other cases
const RATING_ALIASES: Record<string, Severity> = {
  MODERATE: 'MEDIUM',
  IMPORTANT: 'HIGH',
};

function statedRating(value: unknown): Severity | undefined {
  if (typeof value !== 'string') return undefined;
  const upper = value.trim().toUpperCase();
  if (RATING_ALIASES[upper]) return RATING_ALIASES[upper];
  return upper !== 'UNKNOWN' &&
    (SEVERITIES as readonly string[]).includes(upper)
    ? (upper as Severity)
    : undefined;
}

/** The newest CVSS version's score among OSV `severity` entries (v4 before v3.1/v3.0 before v2). */
export function newestCvss(
  entries: { type: string; score: string }[] | null | undefined,
): CvssScore | undefined {
  for (const type of CVSS_TYPES) {
    for (const entry of entries ?? []) {
      if (entry.type !== type) continue;
      const score = cvssBaseScore(entry.score);
      if (score) return score;
    }
  }
  return undefined;
}

/**
 * The severity of an advisory for one affected package: the database's own rating first when it
 * states one (`affected[].database_specific.severity`, `affected[].ecosystem_specific.severity`,
 * then the advisory's `database_specific.severity`), else the rating of the newest CVSS vector's
 * base score (affected-level vectors before advisory-level ones), else UNKNOWN. The CVSS score is
 * returned beside a stated rating too.
 */
export function severityOf(
  advisory: OsvAdvisory,
  entry?: OsvAffected,
): AdvisorySeverity {
  const cvss = newestCvss(entry?.severity) ?? newestCvss(advisory.severity);
  const stated =
    statedRating(entry?.database_specific?.severity) ??
    statedRating(entry?.ecosystem_specific?.severity) ??
    statedRating(advisory.database_specific?.severity);
  if (stated)
    return { severity: stated, source: 'DATABASE', ...(cvss ? { cvss } : {}) };
  if (cvss)
    return {
      severity: severityOfScore(cvss.score, cvss.version),
      source: 'CVSS',
      cvss,
    };
  return { severity: 'UNKNOWN' };
}
