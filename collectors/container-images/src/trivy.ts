import { z } from 'zod';
import {
  ImagePackageClass,
  ReadingValue,
  Severity,
  SEVERITIES,
  names,
} from '@cockpit/plugin-cockpit-common';

/**
 * The part of a Trivy JSON report (`trivy image --format json`, `SchemaVersion` 2) the collector
 * reads; everything else in it is ignored.
 */
export const TrivyReportSchema = z.looseObject({
  SchemaVersion: z.literal(2),
  CreatedAt: z.string().optional(),
  ArtifactName: z.string().min(1),
  ArtifactType: z.string(),
  Metadata: z
    .looseObject({
      OS: z
        .looseObject({ Family: z.string(), Name: z.string().optional() })
        .optional(),
      ImageID: z.string().optional(),
      RepoTags: z.array(z.string()).nullish(),
      RepoDigests: z.array(z.string()).nullish(),
    })
    .optional(),
  Results: z
    .array(
      z.looseObject({
        Target: z.string(),
        Class: z.string(),
        Type: z.string().optional(),
        Vulnerabilities: z
          .array(
            z.looseObject({
              VulnerabilityID: z.string().min(1),
              PkgName: z.string().min(1),
              PkgIdentifier: z
                .looseObject({ PURL: z.string().optional() })
                .optional(),
              InstalledVersion: z.string().optional(),
              FixedVersion: z.string().optional(),
              Severity: z.string(),
              Title: z.string().optional(),
              Description: z.string().optional(),
              PrimaryURL: z.string().optional(),
            }),
          )
          .nullish(),
      }),
    )
    .nullish(),
});

/** A Trivy JSON report, as read. */
export type TrivyReport = z.infer<typeof TrivyReportSchema>;

/** One vulnerable package of an image, the item of an `image-vulnerabilities` reading. */
export type ImageVulnerability =
  ReadingValue<'image-vulnerabilities'>['items'][number];

/** What a scanner found in one image. */
export interface ImageScan {
  /** `ContainerImage` name. */
  image: string;
  scanner: string;
  scannedAt?: string;
  digest?: string;
  os?: string;
  items: ImageVulnerability[];
}

/** A severity as Cockpit knows it (CRITICAL..LOW, else UNKNOWN); ECR's INFORMATIONAL counts as LOW. */
export function toSeverity(severity: string | undefined): Severity {
  const upper = (severity ?? '').toUpperCase();
  if (upper === 'INFORMATIONAL') return 'LOW';
  return (SEVERITIES as readonly string[]).includes(upper)
    ? (upper as Severity)
    : 'UNKNOWN';
}

/** The image a report describes: its `ArtifactName`, or its first tag when the name has none. */
function reportImage(report: TrivyReport): string {
  const name = report.ArtifactName;
  const lastSegment = name.slice(name.lastIndexOf('/') + 1);
  const tagged = lastSegment.includes(':') || name.includes('@');
  const tag = report.Metadata?.RepoTags?.[0];
  return names.containerImage({ image: !tagged && tag ? tag : name });
}

/**
 * The scan of a Trivy report: OS packages (`Class: os-pkgs`) and the application libraries in
 * the image (`lang-pkgs`), each vulnerability once per package and installed version.
 * @throws Error when the report is not a container image's
 */
export function scanFromTrivyReport(report: TrivyReport): ImageScan {
  if (report.ArtifactType !== 'container_image') {
    throw new Error(
      `it describes a ${report.ArtifactType} ("${report.ArtifactName}"), not a container image`,
    );
  }
  const items: ImageVulnerability[] = [];
  const seen = new Set<string>();
  for (const result of report.Results ?? []) {
    const packageClass: ImagePackageClass =
      result.Class === 'os-pkgs' ? 'os' : 'library';
    for (const v of result.Vulnerabilities ?? []) {
      const key = `${v.VulnerabilityID}\n${v.PkgName}\n${
        v.InstalledVersion ?? ''
      }`;
      if (seen.has(key)) continue;
      seen.add(key);
      const fixedIn = v.FixedVersion?.split(',')
        .map(f => f.trim())
        .filter(Boolean);
      items.push({
        id: v.VulnerabilityID,
        severity: toSeverity(v.Severity),
        summary: v.Title ?? v.Description?.split('\n')[0] ?? v.VulnerabilityID,
        ...(fixedIn?.length ? { fixedIn } : {}),
        package: v.PkgName,
        ...(v.InstalledVersion ? { installedVersion: v.InstalledVersion } : {}),
        class: packageClass,
        ...(v.PrimaryURL ? { url: v.PrimaryURL } : {}),
        ...(v.PkgIdentifier?.PURL ? { purl: v.PkgIdentifier.PURL } : {}),
      });
    }
  }
  const digest = report.Metadata?.RepoDigests?.[0]?.split('@')[1];
  const os = report.Metadata?.OS;
  const createdAt = report.CreatedAt ? new Date(report.CreatedAt) : undefined;
  return {
    image: reportImage(report),
    scanner: 'trivy',
    ...(createdAt && !Number.isNaN(createdAt.getTime())
      ? { scannedAt: createdAt.toISOString() }
      : {}),
    ...(digest ? { digest } : {}),
    ...(os ? { os: [os.Family, os.Name].filter(Boolean).join(' ') } : {}),
    items,
  };
}
