import {
  DescribeImageScanFindingsCommandOutput,
  ECRClient,
  paginateDescribeImageScanFindings,
} from '@aws-sdk/client-ecr';
import { ImageRef } from '@cockpit/plugin-cockpit-common';
import { ImageScan, ImageVulnerability, toSeverity } from './trivy';

const ECR_REGISTRY =
  /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;

/** The account and region of an Amazon ECR private registry host, or undefined for another registry. */
export function parseEcrRegistry(
  registry: string,
): { registryId: string; region: string } | undefined {
  const match = ECR_REGISTRY.exec(registry);
  return match ? { registryId: match[1], region: match[2] } : undefined;
}

/** Why an image has no scan to read, when ECR says so; undefined for other errors. */
const MISSING_SCAN: Record<string, string> = {
  ScanNotFoundException: 'it was never scanned',
  ImageNotFoundException: 'ECR does not have it',
  RepositoryNotFoundException: 'its repository does not exist',
};

function missingScan(error: unknown): string | undefined {
  // by name: the SDK's exception classes and errors of other clients of the same API alike
  return MISSING_SCAN[(error as { name?: string })?.name ?? ''];
}

const PACKAGE_ATTRIBUTES = { name: 'package_name', version: 'package_version' };

function basicFindings(
  page: DescribeImageScanFindingsCommandOutput,
): ImageVulnerability[] {
  return (page.imageScanFindings?.findings ?? []).map(finding => {
    const attribute = (key: string) =>
      finding.attributes?.find(a => a.key === key)?.value;
    const installedVersion = attribute(PACKAGE_ATTRIBUTES.version);
    return {
      id: finding.name ?? 'unknown',
      severity: toSeverity(finding.severity),
      summary: finding.description?.split('\n')[0] ?? finding.name ?? '',
      package: attribute(PACKAGE_ATTRIBUTES.name) ?? 'unknown',
      ...(installedVersion ? { installedVersion } : {}),
      // basic scanning reads the operating system's packages only
      class: 'os' as const,
      ...(finding.uri ? { url: finding.uri } : {}),
    };
  });
}

function enhancedFindings(
  page: DescribeImageScanFindingsCommandOutput,
): ImageVulnerability[] {
  return (page.imageScanFindings?.enhancedFindings ?? []).flatMap(finding => {
    const details = finding.packageVulnerabilityDetails;
    return (details?.vulnerablePackages ?? []).map(pkg => ({
      id: details?.vulnerabilityId ?? finding.title ?? 'unknown',
      severity: toSeverity(finding.severity),
      summary: finding.title ?? finding.description ?? '',
      ...(pkg.fixedInVersion && pkg.fixedInVersion !== 'NotAvailable'
        ? { fixedIn: [pkg.fixedInVersion] }
        : {}),
      package: pkg.name ?? 'unknown',
      ...(pkg.version
        ? {
            installedVersion: pkg.release
              ? `${pkg.version}-${pkg.release}`
              : pkg.version,
          }
        : {}),
      // Amazon Inspector names the package manager; `OS` is the image's operating system
      class:
        pkg.packageManager === 'OS' ? ('os' as const) : ('library' as const),
      ...(details?.sourceUrl ? { url: details.sourceUrl } : {}),
    }));
  });
}

/**
 * The findings of an image's latest ECR scan, basic (`imageScanFindings.findings`) or enhanced
 * by Amazon Inspector (`enhancedFindings`), every page of them. Returns the reason instead when
 * the image has no scan (never scanned, not in ECR, or the scan is not complete).
 */
export async function readEcrScan(options: {
  client: ECRClient;
  image: { name: string; ref: ImageRef; registryId: string };
  signal?: AbortSignal;
}): Promise<ImageScan | { skipped: string }> {
  const { ref, registryId, name } = options.image;
  const imageId = ref.tag ? { imageTag: ref.tag } : { imageDigest: ref.digest };
  const items: ImageVulnerability[] = [];
  let scannedAt: Date | undefined;
  let digest: string | undefined;
  try {
    for await (const page of paginateDescribeImageScanFindings(
      { client: options.client, pageSize: 1000 },
      { registryId, repositoryName: ref.repository, imageId },
    )) {
      const status = page.imageScanStatus?.status;
      if (status && status !== 'COMPLETE' && status !== 'ACTIVE') {
        return {
          skipped: `its scan is ${status}${
            page.imageScanStatus?.description
              ? ` (${page.imageScanStatus.description})`
              : ''
          }`,
        };
      }
      scannedAt ??= page.imageScanFindings?.imageScanCompletedAt;
      digest ??= page.imageId?.imageDigest;
      items.push(...basicFindings(page), ...enhancedFindings(page));
    }
  } catch (error) {
    const reason = missingScan(error);
    if (reason) return { skipped: reason };
    throw error;
  }
  return {
    image: name,
    scanner: 'ecr',
    ...(scannedAt ? { scannedAt: scannedAt.toISOString() } : {}),
    ...(digest ? { digest } : {}),
    items,
  };
}
