import type { ImageScan } from './trivy';

/** One scan per image: the findings of every scanner that looked at it, each vulnerable package once. */
export function mergeScans(scans: ImageScan[]): ImageScan[] {
  const byImage = new Map<string, ImageScan>();
  for (const scan of scans) {
    const known = byImage.get(scan.image);
    if (!known) {
      byImage.set(scan.image, { ...scan, items: [...scan.items] });
      continue;
    }
    const keys = new Set(
      known.items.map(
        i => `${i.id}\n${i.package}\n${i.installedVersion ?? ''}`,
      ),
    );
    known.items.push(
      ...scan.items.filter(
        i => !keys.has(`${i.id}\n${i.package}\n${i.installedVersion ?? ''}`),
      ),
    );
    known.scanner = [...new Set([...known.scanner.split('+'), scan.scanner])]
      .sort()
      .join('+');
    if (
      scan.scannedAt &&
      (!known.scannedAt || scan.scannedAt > known.scannedAt)
    )
      known.scannedAt = scan.scannedAt;
    known.digest ??= scan.digest;
    known.os ??= scan.os;
  }
  return [...byImage.values()];
}
