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
