import { names } from './build';
import { PackageRef } from './packageUrl';
import { RESOURCE_TYPES } from './resourceTypes';

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
