import { ImageRef, parseImageReference } from './imageReference';
import { formatPackageUrl, PackageRef, parsePackageUrl } from './packageUrl';
import { InvalidNameError, segment } from './parts';

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
