import { RESOURCE_TYPES } from './resourceTypes';

/**
 * One segment of a name, as a regular expression source: non-empty, not starting or ending
 * with whitespace, without the `/` separator. {@link names} builds segments by this rule.
 */
const SEGMENT_PATTERN = String.raw`[^/\s](?:[^/]*[^/\s])?`;
/** A package URL type, e.g. `npm`, `maven` (lower case, as the name helpers write it). */
const PURL_PREFIX = String.raw`pkg:[a-z][a-z0-9.+-]*/`;
/** The path of a package URL (namespace and name); `@`, `?` and `#` only percent-encoded. */
const PURL_PATH = String.raw`[^@?#\s]*[^@?#/\s]`;

/** How a name of a well-known resource type is formed: its rule and the form it describes. */
export interface ResourceNameRule {
  /** The rule as an ECMA-262 regular expression source (also the JSON Schema `pattern`). */
  pattern: string;
  /** The form, e.g. `<service>/<environment>`. */
  form: string;
}

/**
 * The names of the well-known resource types (contract section 4), as the name helpers build
 * them. The SDK refuses other names for these types, and the published JSON Schema carries
 * the same patterns, so a collector in another language is held to the same rule.
 */
export const RESOURCE_NAME_RULES: Record<
  keyof typeof RESOURCE_TYPES,
  ResourceNameRule
> = {
  Service: { pattern: `^${SEGMENT_PATTERN}$`, form: '<service>' },
  ServiceDeployment: {
    pattern: `^${SEGMENT_PATTERN}/${SEGMENT_PATTERN}$`,
    form: '<service>/<environment>',
  },
  ServiceInstance: {
    pattern: `^${SEGMENT_PATTERN}/${SEGMENT_PATTERN}/${SEGMENT_PATTERN}$`,
    form: '<service>/<environment>/<instanceId>',
  },
  Lambda: { pattern: `^${SEGMENT_PATTERN}$`, form: '<functionName>' },
  LambdaDeployment: {
    pattern: `^${SEGMENT_PATTERN}/${SEGMENT_PATTERN}$`,
    form: '<functionName>/<environment>',
  },
  RdsInstance: {
    pattern: `^${SEGMENT_PATTERN}/${SEGMENT_PATTERN}$`,
    form: '<environment>/<dbInstanceIdentifier>',
  },
  SoftwareDependency: {
    pattern: `^${PURL_PREFIX}${PURL_PATH}$`,
    form: 'a package URL without version, e.g. pkg:npm/express',
  },
  SoftwareDependencyVersion: {
    pattern: `^${PURL_PREFIX}${PURL_PATH}@[^@?#\s]+$`,
    form: 'a package URL with version, e.g. pkg:npm/express@4.18.2',
  },
  Collector: { pattern: `^${SEGMENT_PATTERN}$`, form: '<collectorId>' },
  ContainerImage: {
    pattern: String.raw`^[a-zA-Z0-9.-]+(?::[0-9]+)?/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})$`,
    form: 'a normalised image reference, registry/repository:tag or registry/repository@digest, e.g. docker.io/library/nginx:1.27',
  },
};

const NAME_RULE_REGEXPS = new Map(
  Object.entries(RESOURCE_NAME_RULES).map(([type, rule]) => [
    type,
    new RegExp(rule.pattern, 'u'),
  ]),
);

/**
 * Why a resource name breaks the rule of its well-known type, or undefined when it follows it
 * (or the type is not a well-known one: collectors may invent types and name them freely).
 *
 * @example
 * resourceNameProblem({ type: 'Service', name: 'payments/api' })
 * // 'a Service is named <service>: segments are non-empty, ...'
 */
export function resourceNameProblem(ref: {
  type: string;
  name: string;
}): string | undefined {
  const regexp = NAME_RULE_REGEXPS.get(ref.type);
  if (!regexp || regexp.test(ref.name)) return undefined;
  const rule = RESOURCE_NAME_RULES[ref.type as keyof typeof RESOURCE_TYPES];
  const segmentRule = rule.form.startsWith('<')
    ? ' (each part non-empty, without "/" and without surrounding whitespace)'
    : '';
  return `a ${ref.type} is named ${
    rule.form
  }${segmentRule}, not ${JSON.stringify(ref.name)}`;
}
