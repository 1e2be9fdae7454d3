import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ECRClient } from '@aws-sdk/client-ecr';
import {
  GetObjectCommand,
  S3Client,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';
import { z } from 'zod';
import { CollectorContext, defineCollector } from '@cockpit/collector-sdk';
import {
  CockpitClient,
  RESOURCE_TYPES,
  describeZodError,
  mapConcurrently,
  names,
  parseImageReference,
  readingValueSchemas,
} from '@cockpit/plugin-cockpit-common';
import { parseEcrRegistry, readEcrScan } from './ecr';
import { ImageScan, TrivyReportSchema, scanFromTrivyReport } from './trivy';

/** Configuration of the container images collector. */
export const ContainerImagesCollectorConfigSchema = z
  .object({
    /** Image references to check in ECR (`123456789012.dkr.ecr.eu-west-1.amazonaws.com/payment-service:1.77.5`). */
    images: z.array(z.string().min(1)).default([]),
    /**
     * The Cockpit REST API: the images every deployment runs (its `deployment-info` `images`, or
     * `image`) are checked, and each deployment gets its `deployment-images` link.
     */
    api: z
      .object({ baseUrl: z.string().url(), token: z.string().optional() })
      .optional(),
    /** Read the findings of Amazon ECR image scanning (basic, or enhanced by Amazon Inspector) for images in ECR. */
    ecr: z
      .object({
        /** Endpoint of the ECR API (a VPC endpoint; the recorded-response replay of the fixtures). */
        endpoint: z.string().url().optional(),
      })
      .optional(),
    /** Read Trivy JSON reports (`trivy image --format json`): from a folder, or from an S3 bucket under a prefix. */
    trivy: z
      .object({
        directory: z.string().min(1).optional(),
        bucket: z.string().min(1).optional(),
        prefix: z.string().default(''),
        region: z.string().optional(),
      })
      .refine(t => !!t.directory !== !!t.bucket, {
        message: 'set either directory or bucket',
      })
      .optional(),
    /** API calls in flight at once. */
    concurrency: z.number().int().min(1).default(5),
  })
  .refine(c => c.ecr || c.trivy, { message: 'set ecr, trivy or both' });

/** Configuration of the container images collector, as parsed. */
export type ContainerImagesCollectorConfig = z.output<
  typeof ContainerImagesCollectorConfigSchema
>;

type Ctx = CollectorContext<ContainerImagesCollectorConfig>;

/**
 * The images of every deployment Cockpit knows, from its `deployment-info`; writes each
 * deployment's `deployment-images` link (the same value the runtime collectors write).
 */
async function deploymentImages(
  ctx: Ctx,
  api: { baseUrl: string; token?: string },
): Promise<string[]> {
  const client = CockpitClient.forBaseUrl(api);
  const deployments: { id: string; type: string; name: string }[] = [];
  for (const type of [
    RESOURCE_TYPES.ServiceDeployment,
    RESOURCE_TYPES.LambdaDeployment,
  ]) {
    let cursor: string | undefined;
    do {
      const page = await client.listResources({ type, limit: 500, cursor });
      deployments.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
  }
  const images: string[] = [];
  await mapConcurrently(
    deployments,
    { concurrency: ctx.config.concurrency },
    async deployment => {
      const [reading] = (
        await client.listReadings(deployment.id, {
          type: 'deployment-info',
          limit: 1,
        })
      ).items;
      const info = readingValueSchemas['deployment-info'].safeParse(
        reading?.value,
      );
      if (!info.success) return;
      const listed = Array.isArray(info.data.images)
        ? info.data.images.filter((i): i is string => typeof i === 'string')
        : [];
      // every container's image when the collector listed them, else the main one
      const running = listed.length
        ? listed
        : [info.data.image].filter((i): i is string => !!i);
      if (!running.length) return;
      const linked = new Set<string>();
      for (const image of running) {
        try {
          linked.add(names.containerImage({ image }));
          images.push(image);
        } catch (error) {
          ctx.logger.warn(
            `${deployment.type} ${
              deployment.name
            } runs "${image}", which is no image reference: ${
              (error as Error).message
            }`,
          );
        }
      }
      for (const name of linked) ctx.resources.containerImage({ image: name });
      ctx.readings['deployment-images'](
        { type: deployment.type, name: deployment.name },
        { images: [...linked] },
        { collectedAt: ctx.now() },
      );
    },
  );
  let cursor: string | undefined;
  do {
    const page = await client.listResources({
      type: RESOURCE_TYPES.ContainerImage,
      limit: 500,
      cursor,
    });
    images.push(...page.items.map(r => r.name));
    cursor = page.nextCursor;
  } while (cursor);
  ctx.logger.info(
    `${deployments.length} deployments known to Cockpit run ${
      new Set(images).size
    } images`,
  );
  return images;
}

async function ecrScans(ctx: Ctx, images: string[]): Promise<ImageScan[]> {
  const clients = new Map<string, ECRClient>();
  const targets = new Map<
    string,
    {
      name: string;
      ref: ReturnType<typeof parseImageReference>;
      registryId: string;
      region: string;
    }
  >();
  for (const image of images) {
    const ref = parseImageReference(image);
    const registry = parseEcrRegistry(ref.registry);
    if (!registry) continue;
    targets.set(names.containerImage(ref), {
      name: names.containerImage(ref),
      ref,
      ...registry,
    });
  }
  const scans: ImageScan[] = [];
  await mapConcurrently(
    [...targets.values()],
    { concurrency: ctx.config.concurrency },
    async target => {
      if (!clients.has(target.region)) {
        clients.set(
          target.region,
          new ECRClient({
            region: target.region,
            ...(ctx.config.ecr?.endpoint
              ? { endpoint: ctx.config.ecr.endpoint }
              : {}),
          }),
        );
      }
      const scan = await readEcrScan({
        client: clients.get(target.region)!,
        image: target,
        signal: ctx.signal,
      });
      if ('skipped' in scan)
        ctx.logger.warn(`no ECR findings for ${target.name}: ${scan.skipped}`);
      else scans.push(scan);
    },
  );
  ctx.logger.info(
    `read the ECR scans of ${scans.length} of ${targets.size} images in ECR`,
  );
  return scans;
}

async function trivyReports(
  ctx: Ctx,
  trivy: NonNullable<ContainerImagesCollectorConfig['trivy']>,
): Promise<{ source: string; text: string }[]> {
  if (trivy.directory) {
    const files = (await readdir(trivy.directory, { recursive: true }))
      .filter(f => f.endsWith('.json'))
      .sort();
    return Promise.all(
      files.map(async f => ({
        source: f,
        text: await readFile(join(trivy.directory!, f), 'utf8'),
      })),
    );
  }
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
  const reports: { source: string; text: string }[] = [];
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

function trivyScans(
  ctx: Ctx,
  reports: { source: string; text: string }[],
): ImageScan[] {
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

/**
 * The vulnerabilities of the container images deployments run: Amazon ECR scan findings (basic
 * or Amazon Inspector's enhanced scanning) and Trivy JSON reports from a folder or an S3 bucket
 * -> `ContainerImage` with an `image-vulnerabilities` reading (OS packages and the libraries in
 * the image, each marked by its class). With `api`, every deployment's images are read from its
 * `deployment-info` and linked by a `deployment-images` reading.
 */
export const containerImagesCollector = defineCollector({
  id: 'container-images',
  description:
    'Vulnerabilities of container images from Amazon ECR scanning and Trivy reports',
  schedule: 'rate(6 hours)',
  configSchema: ContainerImagesCollectorConfigSchema,
  async collect(ctx) {
    const config = ctx.config;
    const images = [...config.images];
    if (config.api) images.push(...(await deploymentImages(ctx, config.api)));
    const scans: ImageScan[] = [];
    if (config.ecr) scans.push(...(await ecrScans(ctx, images)));
    if (config.trivy)
      scans.push(...trivyScans(ctx, await trivyReports(ctx, config.trivy)));
    let vulnerabilities = 0;
    const merged = mergeScans(scans);
    for (const scan of merged) {
      const image = ctx.resources.containerImage({ image: scan.image });
      const { image: _name, ...value } = scan;
      ctx.readings['image-vulnerabilities'](
        image,
        { source: 'image', ...value },
        { collectedAt: scan.scannedAt ?? ctx.now() },
      );
      vulnerabilities += scan.items.length;
    }
    ctx.logger.info(
      `${vulnerabilities} vulnerable packages in ${merged.length} images`,
    );
  },
});
