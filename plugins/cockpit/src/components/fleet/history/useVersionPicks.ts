import { useEffect, useState } from 'react';
import type { ReadingVersion } from '@cockpit/plugin-cockpit-common';

/** A side of the comparison: A (before) or B (after). */
export type Side = 'a' | 'b';

/**
 * The two versions picked for comparison (by their `validFrom`), the two newest when the
 * versions load: A the one before, B the newest.
 */
export function useVersionPicks(versions: ReadingVersion[]) {
  const [picked, setPicked] = useState<{ a?: string; b?: string }>({});
  useEffect(
    () => setPicked({ a: versions[1]?.validFrom, b: versions[0]?.validFrom }),
    [versions],
  );
  return {
    isPicked: (side: Side, version: ReadingVersion) =>
      picked[side] === version.validFrom,
    pick: (side: Side, version: ReadingVersion) =>
      setPicked({ ...picked, [side]: version.validFrom }),
    a: versions.find(v => v.validFrom === picked.a),
    b: versions.find(v => v.validFrom === picked.b),
  };
}
