import { formatPackageUrl, PackageRef, parsePackageUrl } from './packageUrl';
import { segments } from './parts';

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
