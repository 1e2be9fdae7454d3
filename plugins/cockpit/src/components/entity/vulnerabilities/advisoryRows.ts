import type {
  DeploymentVulnerabilitiesResult,
  Severity,
  VulnerabilityOrigin,
} from '@cockpit/plugin-cockpit-common';
import { originLabel, severityRank } from '../../common';

/** One advisory of one vulnerable dependency version: a row of the table. */
export interface AdvisoryRow {
  key: string;
  package: string;
  version: string;
  versionName: string;
  origin: VulnerabilityOrigin;
  /** The origin in words, so that the table's search finds "image" or an image reference. */
  originText: string;
  advisoryId: string;
  severity: Severity;
  summary: string;
  fixedIn: string[];
}

/** The rows of the table: one per advisory of each vulnerable version, of `minimum` or higher. */
export function advisoryRows(
  items: DeploymentVulnerabilitiesResult['items'],
  minimum: Severity,
): AdvisoryRow[] {
  return items.flatMap(version =>
    version.advisories
      .filter(
        advisory => severityRank(advisory.severity) <= severityRank(minimum),
      )
      .map(advisory => ({
        key: `${version.id} ${version.name} ${advisory.id}`,
        package: version.package,
        version: version.version,
        versionName: version.name,
        origin: version.origin,
        originText: originLabel(version.origin),
        advisoryId: advisory.id,
        severity: advisory.severity,
        summary: advisory.summary,
        fixedIn: advisory.fixedIn,
      })),
  );
}
