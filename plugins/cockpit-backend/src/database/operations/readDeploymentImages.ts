import type { Knex } from 'knex';
import type { JsonValue } from '@backstage/types';
import type {
  DeploymentImage,
  DeploymentImagesAnswer,
} from '@cockpit/plugin-cockpit-node';
import { decodeReadingRows } from '../decode';
import { likeLiteral, WITH_ITEMS } from '../rows';

const IMAGES = `CASE WHEN jsonb_typeof(di.value->'images') = 'array' THEN di.value->'images' ELSE '[]'::jsonb END`;

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

/**
 * The `deployment-images` readings and the `image-vulnerabilities` reading of an image
 * (LATERAL on `i`): the current rows, or as of a moment the versions in force then (the scan
 * keeps the reading's id, as readCurrent's as-of answer does). The as-of parts take one
 * binding each: T.
 */
function sources(asOf: Date | undefined, scanned: boolean) {
  const scanFilter = scanned ? WITH_ITEMS('v') : 'TRUE';
  if (!asOf) {
    return {
      deploymentImages: `readings di`,
      deploymentImagesWhere: `di.type = 'deployment-images' AND di.storage_mode = 'SNAPSHOT'`,
      scan: `readings v ON v.resource_id = i.id AND v.type = 'image-vulnerabilities'
                    AND v.storage_mode = 'SNAPSHOT' AND ${scanFilter}`,
      bindings: [] as Date[],
    };
  }
  return {
    deploymentImages: `(SELECT DISTINCT ON (x.resource_id) x.resource_id, x.value
                          FROM reading_versions x
                         WHERE x.type = 'deployment-images' AND x.valid_from <= ?::timestamptz
                         ORDER BY x.resource_id, x.valid_from DESC) di`,
    deploymentImagesWhere: 'TRUE',
    scan: `LATERAL (SELECT r.id, x.value, x.valid_from AS collected_at
                      FROM reading_versions x
                      JOIN readings r ON r.resource_id = x.resource_id AND r.type = x.type AND r.storage_mode = 'SNAPSHOT'
                     WHERE x.resource_id = i.id AND x.type = 'image-vulnerabilities' AND x.valid_from <= ?::timestamptz
                     ORDER BY x.valid_from DESC LIMIT 1) v ON ${scanFilter}`,
    bindings: [asOf, asOf],
  };
}

/**
 * Follows `deployment-images` -> ContainerImage -> `image-vulnerabilities`: one query, now or
 * as of a moment. Each string of a deployment's `images` is one image; the scans are decoded
 * once per image.
 */
export async function readDeploymentImages(
  options: { knex: Knex; asOf?: Date } & (
    | { deploymentIds: readonly string[] }
    | { vulnerable: true }
    | { packages: readonly string[] }
  ),
): Promise<DeploymentImagesAnswer> {
  const { knex } = options;
  let filter: string;
  let bindings: string[][];
  // The scanned images: all of them with the deployments' own images, else only those whose
  // items are non-empty (the partial index readings_with_items_idx holds exactly those).
  let scanJoin = `JOIN`;
  if ('deploymentIds' in options) {
    const ids = [...new Set(options.deploymentIds)];
    if (ids.length === 0) return { images: [], invalid: [] };
    filter = `di.resource_id = ANY(?::uuid[])`;
    bindings = [ids];
    scanJoin = `LEFT JOIN`;
  } else if ('packages' in options) {
    const packages = [...new Set(options.packages)];
    if (packages.length === 0) return { images: [], invalid: [] };
    filter = `EXISTS (SELECT 1 FROM jsonb_array_elements(v.value->'items') e
                       WHERE e->>'purl' LIKE ANY(?::text[]))`;
    bindings = [packages.map(p => `${likeLiteral(p)}@%`)];
  } else {
    filter = 'TRUE';
    bindings = [];
  }
  const from = sources(options.asOf, scanJoin === 'JOIN');
  const { rows } = await knex.raw(
    `SELECT d.id AS deployment_id, d.type AS deployment_type, d.name AS deployment_name,
            img.element #>> '{}' AS image, i.id AS image_id,
            v.id AS reading_id, v.collected_at,
            -- each scan's value once, however many deployments run the image (sidecars, base images)
            row_number() OVER (PARTITION BY v.id) = 1 AS first_of_scan,
            CASE WHEN row_number() OVER (PARTITION BY v.id) = 1 THEN v.value END AS value
       FROM ${from.deploymentImages}
       JOIN resources d ON d.id = di.resource_id
       CROSS JOIN LATERAL jsonb_array_elements(${IMAGES}) AS img(element)
       ${scanJoin} resources i ON i.type = 'ContainerImage' AND i.name = img.element #>> '{}'
       ${scanJoin} ${from.scan}
      WHERE ${from.deploymentImagesWhere}
        AND jsonb_typeof(img.element) = 'string'
        AND ${filter}`,
    [...from.bindings, ...bindings],
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
