import type { ReadingVersion } from '@cockpit/plugin-cockpit-common';
import { formatDateTime } from '../../common';

/** "from ... to ... (in force)". */
export function spanOf(version: ReadingVersion): string {
  return `${formatDateTime(version.validFrom)} → ${
    version.validTo ? formatDateTime(version.validTo) : 'in force'
  }`;
}
