import type { JsonValue } from '@backstage/types';
import {
  readingValueSchemas,
  StorageMode,
} from '@cockpit/plugin-cockpit-common';
import type {
  InvalidStoredValue,
  ReadingsAnswer,
  StoredReading,
} from '@cockpit/plugin-cockpit-node';

/** The columns of a `readings` row that a decoded reading is made of. */
export interface DbStoredReadingRow {
  id: string;
  type: string;
  resource_id: string;
  value: JsonValue;
  storage_mode: StorageMode;
  collected_at: Date;
}

const schemas: Record<
  string,
  (typeof readingValueSchemas)[keyof typeof readingValueSchemas] | undefined
> = readingValueSchemas;

/**
 * Decodes reading rows: a well-known type's value through its schema in cockpit-common, any
 * other type's as the JSON it is. A value that does not fit its schema is left out and
 * reported with its reading, resource, type and first offending field.
 */
export function decodeReadingRows<T extends string>(
  rows: readonly DbStoredReadingRow[],
): ReadingsAnswer<T> {
  const readings: StoredReading<T>[] = [];
  const invalid: InvalidStoredValue[] = [];
  for (const row of rows) {
    const schema = Object.hasOwn(schemas, row.type)
      ? schemas[row.type]
      : undefined;
    let value: unknown = row.value;
    if (schema) {
      const parsed = schema.safeParse(row.value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        invalid.push({
          readingId: String(row.id),
          resourceId: row.resource_id,
          type: row.type,
          field: issue?.path.join('.') ?? '',
          message: issue?.message ?? 'does not fit the schema',
        });
        continue;
      }
      value = parsed.data;
    }
    readings.push({
      id: String(row.id),
      type: row.type,
      resourceId: row.resource_id,
      value,
      storageMode: row.storage_mode,
      collectedAt: row.collected_at,
    } as StoredReading<T>);
  }
  return { readings, invalid };
}
