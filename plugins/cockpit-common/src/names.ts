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
  Collector: 'Collector',
} as const;

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
  lambdaDeployment(args: { functionName: string; environment: string }): string {
    return `${segment('functionName', args.functionName)}/${segment(
      'environment',
      args.environment,
    )}`;
  },
  /** `RdsInstance`: `<environment>/<dbInstanceIdentifier>`. */
  rdsInstance(args: { environment: string; dbInstanceIdentifier: string }): string {
    return `${segment('environment', args.environment)}/${segment(
      'dbInstanceIdentifier',
      args.dbInstanceIdentifier,
    )}`;
  },
  /** `SoftwareDependency`: the package URL without version, e.g. `pkg:npm/express`. */
  softwareDependency(args: Omit<PackageRef, 'version'> | { purl: string }): string {
    const ref = 'purl' in args ? parsePackageUrl(args.purl) : args;
    return formatPackageUrl({ ...ref, version: undefined });
  },
  /** `SoftwareDependencyVersion`: the package URL with version, e.g. `pkg:npm/express@4.18.2`. */
  softwareDependencyVersion(
    args: (Omit<PackageRef, 'version'> & { version: string }) | { purl: string },
  ): string {
    const ref = 'purl' in args ? parsePackageUrl(args.purl) : args;
    if (!ref.version) {
      throw new InvalidNameError(
        `a SoftwareDependencyVersion needs a version: ${formatPackageUrl(ref)}`,
      );
    }
    return formatPackageUrl(ref);
  },
  /** `Collector`: the collector id, where its runs are recorded (contract section 8). */
  collector(args: { collectorId: string }): string {
    return segment('collectorId', args.collectorId);
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
  softwareDependencyVersion(args: Omit<PackageRef, 'version'> | { purl: string }) {
    return {
      type: RESOURCE_TYPES.SoftwareDependency,
      name: names.softwareDependency(args),
    };
  },
};
