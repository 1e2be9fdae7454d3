import { PackageURL } from 'packageurl-js';

/** Thrown when a name cannot be built from the given parts. */
export class InvalidNameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidNameError';
  }
}

/** The resource types the product knows by name (collectors may invent others). */
export const RESOURCE_TYPES = {
  Service: 'Service',
  ServiceDeployment: 'ServiceDeployment',
  ServiceInstance: 'ServiceInstance',
  Lambda: 'Lambda',
  LambdaDeployment: 'LambdaDeployment',
  RdsInstance: 'RdsInstance',
  SoftwareDependency: 'SoftwareDependency',
  SoftwareDependencyVersion: 'SoftwareDependencyVersion',
  ContainerImage: 'ContainerImage',
  Collector: 'Collector',
} as const;

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

/** A name segment: non-empty, trimmed, and free of the `/` separator. */
function segment(kind: string, value: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidNameError(`${kind} must be a non-empty string`);
  }
  if (value.trim() !== value) {
    throw new InvalidNameError(
      `${kind} "${value}" must not start or end with whitespace`,
    );
  }
  if (value.includes('/')) {
    throw new InvalidNameError(`${kind} "${value}" must not contain "/"`);
  }
  return value;
}

/** The parts of a package URL (https://github.com/package-url/purl-spec). */
export interface PackageRef {
  /** Package type, e.g. `npm`, `maven`, `pypi`, `golang`. */
  type: string;
  /** Group, scope or vendor, e.g. `org.apache.logging.log4j` or `@babel`. */
  namespace?: string;
  name: string;
  version?: string;
}

/** Builds a canonical package URL; without a version it names the package, with one a version. */
export function formatPackageUrl(ref: PackageRef): string {
  if (!ref.type || !ref.name) {
    throw new InvalidNameError('a package URL needs a type and a name');
  }
  return new PackageURL(
    ref.type.toLowerCase(),
    ref.namespace || undefined,
    ref.name,
    ref.version || undefined,
    undefined,
    undefined,
  ).toString();
}

/**
 * Parses a package URL into its parts, dropping qualifiers and subpath.
 * @throws InvalidNameError when the text is not a package URL
 */
export function parsePackageUrl(purl: string): PackageRef {
  let parsed: PackageURL;
  try {
    parsed = PackageURL.fromString(purl);
  } catch (error) {
    throw new InvalidNameError(
      `"${purl}" is not a package URL: ${(error as Error).message}`,
    );
  }
  return {
    type: parsed.type,
    namespace: parsed.namespace ?? undefined,
    name: parsed.name,
    version: parsed.version ?? undefined,
  };
}

/** The parts of a container image reference (`registry/repository:tag@digest`). */
export interface ImageRef {
  /** Registry host (and port), `docker.io` when the reference names none. */
  registry: string;
  /** Repository path, e.g. `library/nginx` or `team/payment-service`. */
  repository: string;
  tag?: string;
  /** Content digest, e.g. `sha256:4c5f...`. */
  digest?: string;
}

const IMAGE_TAG = /^[\w][\w.-]{0,127}$/;
const IMAGE_DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-f0-9]{32,}$/;
const IMAGE_PATH =
  /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

/**
 * Parses a container image reference the way Docker normalises it: a first component
 * without `.`, `:` or `localhost` is not a registry (then `docker.io`, and a one-part
 * repository is under `library/`).
 *
 * @example
 * parseImageReference('nginx:1.27') // { registry: 'docker.io', repository: 'library/nginx', tag: '1.27' }
 * @throws InvalidNameError naming what is wrong with the reference
 */
export function parseImageReference(image: string): ImageRef {
  if (
    typeof image !== 'string' ||
    image.trim() === '' ||
    image.trim() !== image
  ) {
    throw new InvalidNameError(
      `image reference "${image}" must be a non-empty string without surrounding whitespace`,
    );
  }
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!IMAGE_DIGEST.test(digest)) {
      throw new InvalidNameError(
        `image reference "${image}" has an invalid digest "${digest}"`,
      );
    }
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!IMAGE_TAG.test(tag)) {
      throw new InvalidNameError(
        `image reference "${image}" has an invalid tag "${tag}"`,
      );
    }
  }
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  const hasRegistry =
    slash >= 0 &&
    (first.includes('.') || first.includes(':') || first === 'localhost');
  let registry = hasRegistry ? first.toLowerCase() : 'docker.io';
  let repository = hasRegistry ? rest.slice(slash + 1) : rest;
  if (registry === 'index.docker.io') registry = 'docker.io';
  if (registry === 'docker.io' && !repository.includes('/'))
    repository = `library/${repository}`;
  if (!IMAGE_PATH.test(repository)) {
    throw new InvalidNameError(
      `image reference "${image}" has an invalid repository "${repository}" (lower-case letters, digits, separators)`,
    );
  }
  return {
    registry,
    repository,
    ...(tag ? { tag } : {}),
    ...(digest ? { digest } : {}),
  };
}

/**
 * The tag of an image reference, or undefined when it has none or is no image reference (a
 * collector reading a task definition or a pod spec takes whatever string it finds there).
 *
 * @example
 * imageTag('nginx:1.27') // '1.27'
 */
export function imageTag(image: string | undefined): string | undefined {
  if (!image) return undefined;
  try {
    return parseImageReference(image).tag;
  } catch (error) {
    if (error instanceof InvalidNameError) return undefined;
    throw error;
  }
}

/**
 * The name helpers of the contract (section 4): the only place resource names are built.
 *
 * @example
 * names.serviceInstance({ service: 'payment-service', environment: 'prod', instanceId: 'i-0abc' })
 * // 'payment-service/prod/i-0abc'
 */
export const names = {
  /** `Service`: the Backstage catalog Component name. */
  service(args: { service: string }): string {
    return segment('service', args.service);
  },
  /** `ServiceDeployment`: `<service>/<environment>`. */
  serviceDeployment(args: { service: string; environment: string }): string {
    return `${segment('service', args.service)}/${segment(
      'environment',
      args.environment,
    )}`;
  },
  /** `ServiceInstance`: `<service>/<environment>/<instanceId>`. */
  serviceInstance(args: {
    service: string;
    environment: string;
    instanceId: string;
  }): string {
    return `${names.serviceDeployment(args)}/${segment(
      'instanceId',
      args.instanceId,
    )}`;
  },
  /** `Lambda`: the function name. */
  lambda(args: { functionName: string }): string {
    return segment('functionName', args.functionName);
  },
  /** `LambdaDeployment`: `<functionName>/<environment>`. */
  lambdaDeployment(args: {
    functionName: string;
    environment: string;
  }): string {
    return `${segment('functionName', args.functionName)}/${segment(
      'environment',
      args.environment,
    )}`;
  },
  /** `RdsInstance`: `<environment>/<dbInstanceIdentifier>`. */
  rdsInstance(args: {
    environment: string;
    dbInstanceIdentifier: string;
  }): string {
    return `${segment('environment', args.environment)}/${segment(
      'dbInstanceIdentifier',
      args.dbInstanceIdentifier,
    )}`;
  },
  /** `SoftwareDependency`: the package URL without version, e.g. `pkg:npm/express`. */
  softwareDependency(
    args: Omit<PackageRef, 'version'> | { purl: string },
  ): string {
    const ref = 'purl' in args ? parsePackageUrl(args.purl) : args;
    return formatPackageUrl({ ...ref, version: undefined });
  },
  /** `SoftwareDependencyVersion`: the package URL with version, e.g. `pkg:npm/express@4.18.2`. */
  softwareDependencyVersion(
    args:
      | (Omit<PackageRef, 'version'> & { version: string })
      | { purl: string },
  ): string {
    const ref = 'purl' in args ? parsePackageUrl(args.purl) : args;
    if (!ref.version) {
      throw new InvalidNameError(
        `a SoftwareDependencyVersion needs a version: ${formatPackageUrl(ref)}`,
      );
    }
    return formatPackageUrl(ref);
  },
  /**
   * `ContainerImage`: the normalised reference by tag, `registry/repository:tag`, or by digest
   * when the reference has no tag (`latest` when it has neither). The tag wins over a digest so
   * that a task definition, a Trivy report and an ECR scan of the same image meet on one name.
   *
   * @example
   * names.containerImage({ image: 'nginx:1.27' }) // 'docker.io/library/nginx:1.27'
   */
  containerImage(args: { image: string } | ImageRef): string {
    const ref = 'image' in args ? parseImageReference(args.image) : args;
    const base = `${ref.registry}/${ref.repository}`;
    if (ref.tag) return `${base}:${ref.tag}`;
    if (ref.digest) return `${base}@${ref.digest}`;
    return `${base}:latest`;
  },
  /** `Collector`: the collector id, where its runs are recorded (contract section 8). */
  collector(args: { collectorId: string }): string {
    return segment('collectorId', args.collectorId);
  },
};

/** Splits a name into exactly `count` segments that the builders would accept, or undefined. */
function segments(name: string, count: number): string[] | undefined {
  if (typeof name !== 'string') return undefined;
  const parts = name.split('/');
  if (parts.length !== count) return undefined;
  return parts.every(part => part.length > 0 && part.trim() === part)
    ? parts
    : undefined;
}

/**
 * The inverse of {@link names}: the parts of a name of a well-known type, or undefined when
 * the name is not of that form (a collector outside the SDK may name resources its own way).
 *
 * @example
 * parseName.serviceDeployment('payment-service/prod')
 * // { service: 'payment-service', environment: 'prod' }
 */
export const parseName = {
  /** `<service>/<environment>`. */
  serviceDeployment(
    name: string,
  ): { service: string; environment: string } | undefined {
    const parts = segments(name, 2);
    return parts && { service: parts[0], environment: parts[1] };
  },
  /** `<service>/<environment>/<instanceId>`. */
  serviceInstance(
    name: string,
  ): { service: string; environment: string; instanceId: string } | undefined {
    const parts = segments(name, 3);
    return (
      parts && {
        service: parts[0],
        environment: parts[1],
        instanceId: parts[2],
      }
    );
  },
  /** `<functionName>/<environment>`. */
  lambdaDeployment(
    name: string,
  ): { functionName: string; environment: string } | undefined {
    const parts = segments(name, 2);
    return parts && { functionName: parts[0], environment: parts[1] };
  },
  /** `<environment>/<dbInstanceIdentifier>`. */
  rdsInstance(
    name: string,
  ): { environment: string; dbInstanceIdentifier: string } | undefined {
    const parts = segments(name, 2);
    return parts && { environment: parts[0], dbInstanceIdentifier: parts[1] };
  },
  /**
   * A package URL with version: the package's name (the `SoftwareDependency` name) and the
   * version, e.g. `pkg:npm/express@4.18.2` -> `{ package: 'pkg:npm/express', version: '4.18.2' }`.
   */
  softwareDependencyVersion(
    name: string,
  ): { package: string; version: string } | undefined {
    let ref: PackageRef;
    try {
      ref = parsePackageUrl(name);
    } catch {
      return undefined;
    }
    if (!ref.version) return undefined;
    return {
      package: formatPackageUrl({ ...ref, version: undefined }),
      version: ref.version,
    };
  },
};

/**
 * The parent reference of a resource of a well-known type, derived from its name parts,
 * e.g. the ServiceDeployment of a ServiceInstance. Returns undefined for types without a parent.
 */
export const parents = {
  serviceDeployment(args: { service: string }) {
    return { type: RESOURCE_TYPES.Service, name: names.service(args) };
  },
  serviceInstance(args: { service: string; environment: string }) {
    return {
      type: RESOURCE_TYPES.ServiceDeployment,
      name: names.serviceDeployment(args),
    };
  },
  lambdaDeployment(args: { functionName: string }) {
    return { type: RESOURCE_TYPES.Lambda, name: names.lambda(args) };
  },
  softwareDependencyVersion(
    args: Omit<PackageRef, 'version'> | { purl: string },
  ) {
    return {
      type: RESOURCE_TYPES.SoftwareDependency,
      name: names.softwareDependency(args),
    };
  },
};
