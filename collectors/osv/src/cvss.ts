import type { Severity } from '@cockpit/plugin-cockpit-common';

const WEIGHTS = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  CIA: { H: 0.56, L: 0.22, N: 0 },
} as const;

function roundUp(value: number): number {
  const integer = Math.round(value * 100_000);
  return integer % 10_000 === 0 ? integer / 100_000 : (Math.floor(integer / 10_000) + 1) / 10;
}

/**
 * The base score of a CVSS v3.0/v3.1 vector (FIRST's specification), or undefined when the
 * vector is not v3 or incomplete.
 *
 * @example
 * cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H') // 10
 */
export function cvss3BaseScore(vector: string): number | undefined {
  const parts = vector.split('/');
  if (!/^CVSS:3\.[01]$/.test(parts[0] ?? '')) return undefined;
  const metrics = Object.fromEntries(parts.slice(1).map(p => p.split(':') as [string, string]));
  const { AV, AC, PR, UI, S, C, I, A } = metrics;
  const av = WEIGHTS.AV[AV as keyof typeof WEIGHTS.AV];
  const ac = WEIGHTS.AC[AC as keyof typeof WEIGHTS.AC];
  const ui = WEIGHTS.UI[UI as keyof typeof WEIGHTS.UI];
  const c = WEIGHTS.CIA[C as keyof typeof WEIGHTS.CIA];
  const i = WEIGHTS.CIA[I as keyof typeof WEIGHTS.CIA];
  const a = WEIGHTS.CIA[A as keyof typeof WEIGHTS.CIA];
  if ([av, ac, ui, c, i, a].some(w => w === undefined) || (S !== 'U' && S !== 'C')) return undefined;
  const changed = S === 'C';
  // privileges required weigh more when the scope changes
  const privileges: Record<string, [number, number]> = { N: [0.85, 0.85], L: [0.62, 0.68], H: [0.27, 0.5] };
  const pr = privileges[PR]?.[changed ? 1 : 0];
  if (pr === undefined) return undefined;
  const iss = 1 - (1 - c) * (1 - i) * (1 - a);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 : 6.42 * iss;
  const exploitability = 8.22 * av * ac * pr * ui;
  if (impact <= 0) return 0;
  return changed
    ? roundUp(Math.min(1.08 * (impact + exploitability), 10))
    : roundUp(Math.min(impact + exploitability, 10));
}

/** The qualitative severity of a CVSS score (CVSS v3 rating scale). */
export function severityOfScore(score: number): Severity {
  if (score >= 9) return 'CRITICAL';
  if (score >= 7) return 'HIGH';
  if (score >= 4) return 'MEDIUM';
  if (score > 0) return 'LOW';
  return 'UNKNOWN';
}
