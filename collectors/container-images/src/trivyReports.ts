import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  GetObjectCommand,
  S3Client,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';
import type { CollectorContext } from '@cockpit/collector-sdk';
import {
  describeZodError,
  mapConcurrently,
} from '@cockpit/plugin-cockpit-common';
import type { ContainerImagesCollectorConfig } from './config';
import { ImageScan, TrivyReportSchema, scanFromTrivyReport } from './trivy';

type Ctx = CollectorContext<ContainerImagesCollectorConfig>;

/** The text of one Trivy report and where it was read from (a path under the folder, an `s3://` URL). */
export interface TrivyReportText {
  source: string;
  text: string;
}

type TrivySource = NonNullable<ContainerImagesCollectorConfig['trivy']>;

/** Every `*.json` file below a folder, by path. */
async function reportsInDirectory(
  directory: string,
): Promise<TrivyReportText[]> {
  const files = (await readdir(directory, { recursive: true }))
    .filter(f => f.endsWith('.json'))
    .sort();
  return Promise.all(
    files.map(async f => ({
      source: f,
      text: await readFile(join(directory, f), 'utf8'),
    })),
  );
}

/** Every `*.json` object of a bucket under the prefix, by URL. */
async function reportsInBucket(
  ctx: Ctx,
  trivy: TrivySource,
): Promise<TrivyReportText[]> {
  const client = new S3Client({ region: trivy.region });
  const keys: string[] = [];
  for await (const page of paginateListObjectsV2(
    { client },
    { Bucket: trivy.bucket, Prefix: trivy.prefix },
  )) {
    keys.push(
      ...(page.Contents ?? [])
        .map(o => o.Key!)
        .filter(k => k.endsWith('.json')),
    );
  }
  const reports: TrivyReportText[] = [];
  await mapConcurrently(
    keys,
    { concurrency: ctx.config.concurrency },
    async key => {
      const object = await client.send(
        new GetObjectCommand({ Bucket: trivy.bucket, Key: key }),
        { abortSignal: ctx.signal },
      );
      reports.push({
        source: `s3://${trivy.bucket}/${key}`,
        text: (await object.Body?.transformToString('utf-8')) ?? '',
      });
    },
  );
  return reports.sort((a, b) => a.source.localeCompare(b.source));
}

/** The Trivy reports of the configured folder or S3 bucket. */
export async function trivyReports(
  ctx: Ctx,
  trivy: TrivySource,
): Promise<TrivyReportText[]> {
  if (trivy.directory) return reportsInDirectory(trivy.directory);
  return reportsInBucket(ctx, trivy);
}

/** The image scan of each report; a report that is not JSON, not a Trivy report or not of an image is logged and skipped. */
export function trivyScans(ctx: Ctx, reports: TrivyReportText[]): ImageScan[] {
  const scans: ImageScan[] = [];
  for (const { source, text } of reports) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      ctx.logger.warn(
        `Trivy report ${source} is not JSON: ${
          (error as Error).message
        }; skipped`,
      );
      continue;
    }
    const parsed = TrivyReportSchema.safeParse(json);
    if (!parsed.success) {
      ctx.logger.warn(
        `Trivy report ${source} is not a Trivy JSON report (SchemaVersion 2): ${describeZodError(
          parsed.error,
          'report',
        )}; skipped`,
      );
      continue;
    }
    try {
      scans.push(scanFromTrivyReport(parsed.data));
    } catch (error) {
      ctx.logger.warn(
        `Trivy report ${source} skipped: ${(error as Error).message}`,
      );
    }
  }
  return scans;
}
