import type { Knex } from 'knex';
import type { JsonValue } from '@backstage/types';
import type {
  DeploymentImage,
  DeploymentImagesAnswer,
} from '@cockpit/plugin-cockpit-node';
import { decodeReadingRows } from '../decode';
import { inForceAt, versionAt } from '../asOf';
import { WITH_ITEMS } from '../rows';
import { readRaw, ReadConnection } from '../prepared';

const IMAGES = `CASE WHEN jsonb_typeof(di.value->'images') = 'array' THEN di.value->'images' ELSE '[]'::jsonb END`;
const IMAGE_SCAN = `v.type = 'image-vulnerabilities' AND v.storage_mode = 'SNAPSHOT'`;

interface Row {
  deployment_id: string;
  deployment_type: string;
  deployment_name: string;
  image: string;
  image_id: string | null;
  reading_id: string | null;
  first_of_scan: boolean | null;
  value: JsonValue | null;
  collected_at: Date | null;
}

type Selection =
  | { deploymentIds: readonly string[] }
  | { vulnerable: true }
  | { packages: readonly string[] };

/**
 * A query's scan value, FROM and WHERE with their bindings, in the order they stand: the
 * value's (when it takes any), then the FROM's and WHERE's.
 */
interface Source {
  value?: { sql: string; bindings: unknown[] };
  from: string;
  where: string;
  bindings: unknown[];
}

/**
 * From the deployments (some, or every one with `deployment-images`) to their images and
 * each image's scan: the current readings, or as of T the version in force then of each, a
 * probe of the primary key each (the scan keeps the reading's id, as readCurrent's as-of
 * answer does). With `scanned`, only images whose scan has items (the partial index
 * `readings_with_items_idx` holds exactly those now).
 */
function byDeployment(
  ids: readonly string[] | undefined,
  asOf: Date | undefined,
  scanned: boolean,
): Source {
  const join = scanned ? 'JOIN' : 'LEFT JOIN';
  const items = scanned ? `AND ${WITH_ITEMS('v')}` : '';
  const image = `CROSS JOIN LATERAL jsonb_array_elements(${IMAGES}) AS img(element)
       ${join} resources i ON i.type = 'ContainerImage' AND i.name = img.element #>> '{}'`;
  if (!asOf)
    return {
      from: `readings di
       JOIN resources d ON d.id = di.resource_id
       ${image}
       ${join} readings v ON v.resource_id = i.id AND ${IMAGE_SCAN} ${items}`,
      where: `di.type = 'deployment-images' AND di.storage_mode = 'SNAPSHOT'${
        ids ? ' AND di.resource_id = ANY(?::uuid[])' : ''
      }`,
      bindings: ids ? [ids] : [],
    };
  const keys = ids
    ? `unnest(?::uuid[]) AS k(resource_id)`
    : `(SELECT resource_id FROM readings
         WHERE type = 'deployment-images' AND storage_mode = 'SNAPSHOT') AS k`;
  return {
    from: `${keys}
       CROSS JOIN LATERAL ${versionAt(
         'k.resource_id',
         `'deployment-images'`,
         'v.resource_id, v.value',
       )} AS di
       JOIN resources d ON d.id = di.resource_id
       ${image}
       ${join} readings r ON r.resource_id = i.id AND r.type = 'image-vulnerabilities' AND r.storage_mode = 'SNAPSHOT'
       ${join} LATERAL (SELECT r.id, s.value, s.valid_from AS collected_at
                          FROM ${versionAt(
                            'r.resource_id',
                            'r.type',
                            'v.value, v.valid_from',
                          )} AS s) AS v ON TRUE ${items}`,
    where: 'TRUE',
    bindings: [...(ids ? [ids] : []), asOf, asOf],
  };
}

/** The longest text every one of `texts` begins with. */
function commonPrefix(texts: readonly string[]): string {
  let prefix = texts[0] ?? '';
  for (const text of texts)
    while (!text.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/**
 * From the scans that name one of the packages (through the GIN index over
 * `cockpit_image_packages`) to the deployments running their image (through the GIN index
 * over `deployment-images`' images): now, or as of T from the versions in force then.
 */
function byPackage(
  packages: readonly string[],
  asOf: Date | undefined,
): Source {
  // only the findings that name one of the packages: a package common to the fleet's images
  // (openssl) would otherwise send and decode every finding of thousands of scans. A package
  // URL begins with its package, so jsonpath first keeps the findings beginning with the
  // packages' common prefix (in C, no row per finding), and only those are matched exactly.
  const value = {
    sql: `jsonb_set(v.value, '{items}', (
            SELECT coalesce(jsonb_agg(f.e ORDER BY f.n), '[]'::jsonb)
              FROM jsonb_array_elements(jsonb_path_query_array(
                     v.value->'items', '$[*] \\? (@.purl starts with $prefix)',
                     jsonb_build_object('prefix', ?::text))) WITH ORDINALITY AS f(e, n)
             WHERE cockpit_purl_package(f.e->>'purl') = ANY(?::text[])))`,
    bindings: [commonPrefix(packages), packages],
  };
  if (!asOf)
    return {
      value,
      from: `readings v
       JOIN resources i ON i.id = v.resource_id AND i.type = 'ContainerImage'
       JOIN readings di ON di.type = 'deployment-images' AND di.storage_mode = 'SNAPSHOT'
                       AND (di.value->'images') \\? i.name
       JOIN resources d ON d.id = di.resource_id
       CROSS JOIN LATERAL jsonb_array_elements(${IMAGES}) AS img(element)`,
      where: `${IMAGE_SCAN} AND cockpit_image_packages(v.value) && ?::text[]
        AND img.element #>> '{}' = i.name`,
      bindings: [packages],
    };
  return {
    value,
    from: `(SELECT r.id, x.resource_id, x.value, x.valid_from AS collected_at
              FROM reading_versions x
              JOIN readings r ON r.resource_id = x.resource_id AND r.type = x.type AND r.storage_mode = 'SNAPSHOT'
             WHERE x.type = 'image-vulnerabilities' AND cockpit_image_packages(x.value) && ?::text[]
               AND ${inForceAt('x')}) AS v
       JOIN resources i ON i.id = v.resource_id AND i.type = 'ContainerImage'
       JOIN reading_versions di ON di.type = 'deployment-images' AND (di.value->'images') \\? i.name
                               AND ${inForceAt('di')}
       JOIN resources d ON d.id = di.resource_id
       CROSS JOIN LATERAL jsonb_array_elements(${IMAGES}) AS img(element)`,
    where: `img.element #>> '{}' = i.name`,
    bindings: [packages, asOf, asOf, asOf, asOf],
  };
}

/**
 * Follows `deployment-images` -> ContainerImage -> `image-vulnerabilities`: one query, now or
 * as of a moment. Each string of a deployment's `images` is one image; the scans are decoded
 * once per image.
 */
export async function readDeploymentImages(
  options: ReadConnection & { asOf?: Date } & Selection,
): Promise<DeploymentImagesAnswer> {
  const { asOf } = options;
  let source: Source;
  if ('deploymentIds' in options) {
    const ids = [...new Set(options.deploymentIds)];
    if (ids.length === 0) return { images: [], invalid: [] };
    source = byDeployment(ids, asOf, false);
  } else if ('packages' in options) {
    const packages = [...new Set(options.packages)];
    if (packages.length === 0) return { images: [], invalid: [] };
    source = byPackage(packages, asOf);
  } else {
    source = byDeployment(undefined, asOf, true);
  }
  const { rows } = await readRaw(
    options,
    `SELECT d.id AS deployment_id, d.type AS deployment_type, d.name AS deployment_name,
            img.element #>> '{}' AS image, i.id AS image_id,
            v.id AS reading_id, v.collected_at,
            -- each scan's value once, however many deployments run the image (sidecars, base images)
            row_number() OVER (PARTITION BY v.id) = 1 AS first_of_scan,
            CASE WHEN row_number() OVER (PARTITION BY v.id) = 1 THEN ${
              source.value?.sql ?? 'v.value'
            } END AS value
       FROM ${source.from}
      WHERE ${source.where}
        AND jsonb_typeof(img.element) = 'string'`,
    [
      ...(source.value?.bindings ?? []),
      ...source.bindings,
    ] as Knex.RawBinding[],
  );
  const scans = new Map<string, Row>();
  for (const row of rows as Row[])
    if (row.reading_id !== null && row.first_of_scan)
      scans.set(String(row.reading_id), row);
  const decoded = decodeReadingRows<'image-vulnerabilities'>(
    [...scans.values()].map(row => ({
      id: String(row.reading_id),
      type: 'image-vulnerabilities',
      resource_id: row.image_id!,
      value: row.value as JsonValue,
      storage_mode: 'SNAPSHOT',
      collected_at: row.collected_at!,
    })),
  );
  const valueByImage = new Map(
    decoded.readings.map(reading => [reading.resourceId, reading.value]),
  );
  const images: DeploymentImage[] = (rows as Row[]).map(row => ({
    deploymentId: row.deployment_id,
    deploymentType: row.deployment_type,
    deploymentName: row.deployment_name,
    image: row.image,
    imageId: row.image_id,
    scan: (row.image_id !== null && valueByImage.get(row.image_id)) || null,
  }));
  return { images, invalid: decoded.invalid };
}
