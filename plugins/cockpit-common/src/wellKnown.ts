import { z } from 'zod';
import { RESOURCE_NAME_RULES, resourceNameProblem } from './names';
import {
  READING_TYPES,
  readingValueSchemas,
  WellKnownReadingType,
} from './readingTypes';
import type { PublishMessageInput } from './wire';

/** One problem of one message: the field, as a dotted path, and what is wrong with it. */
export interface MessageProblem {
  /** e.g. `messages.3.value.team`, or `(root)` for the message itself. */
  field: string;
  message: string;
}

/** Whether a reading type is one of the well-known ones of the contract (section 4). */
export function isWellKnownReadingType(
  type: string,
): type is WellKnownReadingType {
  return Object.prototype.hasOwnProperty.call(READING_TYPES, type);
}

function fieldPath(prefix: string, ...parts: Array<string | number>): string {
  return [prefix, ...parts.map(String)].filter(Boolean).join('.') || '(root)';
}

/**
 * The rules beyond the wire schema that the SDK enforces on every message it publishes and the
 * published JSON Schema carries: names of the well-known resource types (section 4), and the
 * value schema, resource type and storage mode of the well-known reading types. Takes a message
 * that passed the wire schema (as written: an absent `storageMode` is `SNAPSHOT`); returns its
 * problems, each naming the field under `pathPrefix`.
 *
 * @example
 * wellKnownMessageProblems({ kind: 'reading', type: 'ownership',
 *   resource: { type: 'Service', name: 'payments' }, value: { team: '' } }, 'messages.0')
 * // [{ field: 'messages.0.value.team', message: 'Too small: expected string to have >=1 characters' }]
 */
export function wellKnownMessageProblems(
  message: PublishMessageInput,
  pathPrefix = '',
): MessageProblem[] {
  const problems: MessageProblem[] = [];
  const checkName = (
    ref: { type: string; name: string } | null | undefined,
    ...path: string[]
  ) => {
    const problem = ref ? resourceNameProblem(ref) : undefined;
    if (problem) {
      problems.push({
        field: fieldPath(pathPrefix, ...path),
        message: problem,
      });
    }
  };
  if (message.kind === 'resource') {
    checkName(message, 'name');
    checkName(message.parent, 'parent', 'name');
    return problems;
  }
  checkName(message.resource, 'resource', 'name');
  if (!isWellKnownReadingType(message.type)) return problems;
  const known = READING_TYPES[message.type];
  const storageMode = message.storageMode ?? 'SNAPSHOT';
  if (storageMode !== known.storageMode) {
    problems.push({
      field: fieldPath(pathPrefix, 'storageMode'),
      message: `"${message.type}" is stored as ${known.storageMode}${
        message.storageMode === undefined
          ? ' (an absent storageMode means SNAPSHOT)'
          : ''
      }`,
    });
  }
  if (!known.resourceTypes.includes(message.resource.type)) {
    problems.push({
      field: fieldPath(pathPrefix, 'resource', 'type'),
      message: `"${message.type}" belongs on ${known.resourceTypes.join(
        ' or ',
      )}`,
    });
  }
  const parsed = readingValueSchemas[message.type].safeParse(message.value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({
        field: fieldPath(pathPrefix, 'value', ...issue.path.map(String)),
        message: issue.message,
      });
    }
  }
  return problems;
}

/** Problems as one line, `field: message; field: message`, like `describeZodError`. */
export function describeProblems(problems: MessageProblem[]): string {
  return problems.map(p => `${p.field}: ${p.message}`).join('; ');
}

function valueJsonSchema(type: WellKnownReadingType): Record<string, unknown> {
  const { $schema, ...schema } = z.toJSONSchema(readingValueSchemas[type], {
    io: 'input',
    target: 'draft-2020-12',
  }) as Record<string, unknown>;
  dropZodOnlyFormats(schema);
  if (schema.$defs) {
    // Definitions would need hoisting to the root of the batch schema to resolve.
    throw new Error(
      `the value schema of "${type}" needs definitions, which the batch schema cannot carry yet`,
    );
  }
  return schema;
}

/** The `format`s of JSON Schema draft 2020-12 that zod writes; others are zod's own names. */
const JSON_SCHEMA_FORMATS = new Set([
  'date-time',
  'date',
  'time',
  'duration',
  'email',
  'idn-email',
  'hostname',
  'idn-hostname',
  'ipv4',
  'ipv6',
  'uri',
  'uri-reference',
  'iri',
  'iri-reference',
  'uuid',
  'uri-template',
  'json-pointer',
  'relative-json-pointer',
  'regex',
]);

/**
 * Removes the formats zod invents (`starts_with`, `ends_with`, `includes`), which validators in
 * other languages reject or ignore; zod writes the same rule as a `pattern` beside them.
 */
function dropZodOnlyFormats(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(dropZodOnlyFormats);
  } else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (
      typeof record.format === 'string' &&
      !JSON_SCHEMA_FORMATS.has(record.format) &&
      typeof record.pattern === 'string'
    ) {
      delete record.format;
    }
    Object.values(record).forEach(dropZodOnlyFormats);
  }
}

const RESOURCE_NAME_DEF = 'wellKnownResourceName';

/**
 * The JSON Schema form of {@link wellKnownMessageProblems}: `$defs` and the `allOf` rules a
 * message of the published batch schema must also satisfy. Built from the same name patterns
 * and zod value schemas, so new well-known types appear in the schema when it is regenerated.
 */
export function wellKnownJsonSchemaRules(): {
  $defs: Record<string, unknown>;
  messageRules: Array<Record<string, unknown>>;
} {
  const nameRef = { $ref: `#/$defs/${RESOURCE_NAME_DEF}` };
  const nameRule = {
    description:
      'Names of the well-known resource types follow the contract (section 4)',
    allOf: Object.entries(RESOURCE_NAME_RULES).map(([type, rule]) => ({
      if: { properties: { type: { const: type } }, required: ['type'] },
      then: { properties: { name: { pattern: rule.pattern } } },
    })),
  };
  const whenKind = (kind: string, type?: string) => ({
    properties: {
      kind: { const: kind },
      ...(type ? { type: { const: type } } : {}),
    },
    required: type ? ['kind', 'type'] : ['kind'],
  });
  const messageRules: Array<Record<string, unknown>> = [
    {
      if: whenKind('resource'),
      then: {
        ...nameRef,
        properties: { parent: { anyOf: [{ type: 'null' }, nameRef] } },
      },
    },
    {
      if: whenKind('reading'),
      then: { properties: { resource: nameRef } },
    },
    ...(Object.keys(READING_TYPES) as WellKnownReadingType[]).map(type => {
      const known = READING_TYPES[type];
      return {
        if: whenKind('reading', type),
        then: {
          properties: {
            resource: {
              properties: { type: { enum: [...known.resourceTypes] } },
            },
            storageMode: { const: known.storageMode },
            value: valueJsonSchema(type),
          },
          // An absent storageMode means SNAPSHOT.
          ...(known.storageMode === 'SNAPSHOT'
            ? {}
            : { required: ['storageMode'] }),
        },
      };
    }),
  ];
  return { $defs: { [RESOURCE_NAME_DEF]: nameRule }, messageRules };
}
