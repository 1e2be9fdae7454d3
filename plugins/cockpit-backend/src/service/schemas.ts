import { z } from 'zod';
import { STORAGE_MODES } from '@cockpit/plugin-cockpit-common';

/** Page size: 1..1000, 100 by default. */
const limitParam = z.coerce.number().int().min(1).max(1000).default(100);
const cursorParam = z.string().min(1).optional();
const isoTimestamp = z.iso.datetime({ offset: true });

/** Query of `GET /resources`. */
export const ListResourcesQuery = z.strictObject({
  type: z.string().min(1).optional(),
  name: z.string().min(1).optional(),
  q: z
    .string()
    .min(1)
    .optional()
    .describe('substring of the name, case-insensitive'),
  parentId: z.uuid().optional(),
  limit: limitParam,
  cursor: cursorParam,
});

/** Query of `GET /resources/lookup`. */
export const LookupResourceQuery = z.strictObject({
  type: z.string().min(1),
  name: z.string().min(1),
});

/** Path of the `/resources/:id...` routes. */
export const ResourceIdPath = z.strictObject({ id: z.uuid() });

/** Query of `GET /resources/:id/children`. */
export const ListChildrenQuery = z.strictObject({
  type: z.string().min(1).optional(),
});

/** `asOf=`: answer as the store would have at that moment (contract section 7.4). */
const asOfParam = isoTimestamp
  .optional()
  .describe(
    'answer as the store would have at this moment (ISO 8601 with offset); default: now',
  );

/** Query of `GET /resources/:id/readings`. */
export const ListReadingsQuery = z.strictObject({
  asOf: asOfParam,
  type: z.string().min(1).optional(),
  from: isoTimestamp
    .optional()
    .describe('inclusive lower bound of collectedAt'),
  to: isoTimestamp.optional().describe('exclusive upper bound of collectedAt'),
  limit: limitParam,
  cursor: cursorParam,
});

/** Path of `GET /resources/:id/readings/:type/history`. */
export const ReadingHistoryPath = z.strictObject({
  id: z.uuid(),
  type: z.string().min(1),
});

/** Query of `GET /resources/:id/readings/:type/history`. */
export const ReadingHistoryQuery = z.strictObject({
  from: isoTimestamp
    .optional()
    .describe('versions in force at or after this time'),
  to: isoTimestamp.optional().describe('versions that began before this time'),
  limit: limitParam,
  cursor: cursorParam,
});

/** Query of `GET /changes`. */
export const ListChangesQuery = z.strictObject({
  since: isoTimestamp.describe('inclusive start of the window (ISO 8601)'),
  until: isoTimestamp
    .optional()
    .describe('exclusive end of the window; default: now'),
  service: z
    .string()
    .min(1)
    .optional()
    .describe("a service's name: the changes of its subtree"),
  resourceType: z.string().min(1).optional(),
  readingType: z
    .string()
    .min(1)
    .optional()
    .describe('only changes of this reading type (deletions left out)'),
  limit: limitParam,
  cursor: cursorParam,
});

/** Query of `GET /calculations/:name`: `asOf`, and the calculation's own parameters. */
export const CalculationQuery = z.looseObject({ asOf: asOfParam });

/** Query of `GET /rejections`. */
export const ListRejectionsQuery = z.strictObject({
  limit: limitParam,
  cursor: cursorParam,
});

/** Path of `GET /calculations/:name`. */
export const CalculationNamePath = z.strictObject({ name: z.string().min(1) });

/** A Resource on the wire. */
export const ResourceSchema = z.object({
  id: z.uuid(),
  type: z.string(),
  name: z.string(),
  parentId: z.uuid().nullable(),
  createdOn: isoTimestamp,
  lastSeenOn: isoTimestamp,
});

/** A Reading on the wire. */
export const ReadingSchema = z.object({
  id: z.string(),
  type: z.string(),
  resourceId: z.uuid(),
  value: z.unknown(),
  storageMode: z.enum(STORAGE_MODES as ['SNAPSHOT', 'TIME_SERIES']),
  collectedAt: isoTimestamp,
  createdOn: isoTimestamp,
  collector: z
    .string()
    .nullable()
    .describe(
      'the collector whose batch wrote it (null before provenance was kept)',
    ),
  source: z
    .string()
    .nullable()
    .describe('the delivery it came in: sqs:<id>, sns:<id>, http, local'),
});

/** A ReadingVersion on the wire: a reading's value from validFrom to validTo. */
export const ReadingVersionSchema = ReadingSchema.extend({
  validFrom: isoTimestamp,
  validTo: isoTimestamp.nullable().describe('null while in force'),
});

/** A Change on the wire (`GET /changes`). */
export const ChangeSchema = z.object({
  kind: z.enum(['created', 'changed', 'deleted']),
  resource: z.object({
    id: z.uuid(),
    type: z.string(),
    name: z.string(),
    parentId: z.uuid().nullable(),
  }),
  readingType: z
    .string()
    .nullable()
    .describe('null when the resource was deleted'),
  at: isoTimestamp,
  before: z.unknown().describe('null when created or deleted'),
  after: z.unknown().describe('null when deleted'),
  collector: z.string().nullable(),
});

/** A Rejection on the wire. */
export const RejectionSchema = z.object({
  id: z.string(),
  source: z.string(),
  collector: z.string().nullable(),
  reason: z.string(),
  payload: z.string(),
  messageIndex: z.number().int().nullable(),
  receivedAt: isoTimestamp,
});

/** A page of items with an optional cursor to the next one. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().optional() });
}

/** `GET /calculations`. */
export const CalculationListSchema = z.object({
  items: z.array(
    z.object({
      name: z.string(),
      description: z.string(),
      params: z
        .record(z.string(), z.unknown())
        .describe('JSON Schema of the query parameters'),
    }),
  ),
});

/** A calculation's result: each calculation documents its own shape (see cockpit-common). */
export const CalculationResultSchema = z.record(z.string(), z.unknown());

/** Backstage's error body. */
export const ErrorBodySchema = z.object({
  error: z.looseObject({ name: z.string(), message: z.string() }),
  request: z.looseObject({ method: z.string(), url: z.string() }).optional(),
  response: z.object({ statusCode: z.number().int() }),
});
