import { fromVector } from 'ae-cvss-calculator';
import type { Severity } from '@cockpit/plugin-cockpit-common';

const MAX_KNOWN_SCORES = 50_000;
const knownScores = new Map<string, CvssScore | undefined>();

/** The CVSS versions OSV's `severity[].type` names, newest first. */
export const CVSS_TYPES = ['CVSS_V4', 'CVSS_V3', 'CVSS_V2'] as const;

/** The base score of one CVSS vector, with the version it was read as. */
export interface CvssScore {
  /** `2.0`, `3.0`, `3.1` or `4.0`. */
  version: string;
  /** Base score, 0.0 to 10.0. */
  score: number;
  vector: string;
}

/**
 * The base score of a CVSS vector of any version (v2 as NVD writes it, `CVSS:3.0/`, `CVSS:3.1/`,
 * `CVSS:4.0/`), calculated by `ae-cvss-calculator`; undefined when the vector is not a complete
 * CVSS base vector.
 *
 * @example
 * cvssBaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H') // { version: '3.1', score: 10, vector: ... }
 */
export function cvssBaseScore(vector: string): CvssScore | undefined {
  // advisories repeat a few thousand distinct vectors: each is calculated once
  if (knownScores.has(vector)) return knownScores.get(vector);
  const score = calculate(vector);
  if (knownScores.size >= MAX_KNOWN_SCORES) knownScores.clear();
  knownScores.set(vector, score);
  return score;
}

function calculate(vector: string): CvssScore | undefined {
  const trimmed = vector.trim().replace(/^\((.*)\)$/, '$1');
  let parsed: ReturnType<typeof fromVector>;
  try {
    parsed = fromVector(trimmed);
  } catch {
    return undefined;
  }
  if (!parsed) return undefined;
  const scores = parsed.calculateScores() as { base?: number };
  // an incomplete vector gets no base score from the calculator
  if (typeof scores.base !== 'number' || Number.isNaN(scores.base))
    return undefined;
  return {
    version: parsed.getVectorName().replace(/^CVSS:/, ''),
    score: scores.base,
    vector: trimmed,
  };
}

/**
 * The qualitative severity of a CVSS base score: the rating scale of CVSS v3 and v4 (None 0.0,
 * Low 0.1-3.9, Medium 4.0-6.9, High 7.0-8.9, Critical 9.0-10.0), or NVD's scale for v2 (Low
 * 0.0-3.9, Medium 4.0-6.9, High 7.0-10.0; v2 has no Critical). A score of 0.0 in v3/v4 ("None")
 * has no place in Cockpit's severities and reads as UNKNOWN.
 */
export function severityOfScore(score: number, version = '3.1'): Severity {
  if (score >= 9 && !version.startsWith('2')) return 'CRITICAL';
  if (score >= 7) return 'HIGH';
  if (score >= 4) return 'MEDIUM';
  // v2's scale starts Low at 0.0; v3 and v4 call 0.0 None
  if (score > 0 || version.startsWith('2')) return 'LOW';
  return 'UNKNOWN';
}
