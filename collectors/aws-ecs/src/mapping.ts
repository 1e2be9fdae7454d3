import { Deployment, Service, TaskDefinition } from '@aws-sdk/client-ecs';
import { withoutEnvironmentSuffix } from '@cockpit/collector-sdk';
import { imageTag } from '@cockpit/plugin-cockpit-common';
import { taskDefinitionLabel } from './arn';
import { AwsEcsCollectorConfig } from './config';

/** The tags of an ECS service, by key. */
export function tagsOf(service: Service): Record<string, string> {
  return Object.fromEntries(
    (service.tags ?? []).filter(t => t.key).map(t => [t.key!, t.value ?? '']),
  );
}

/** The Cockpit service and environment of an ECS service, from its tags and the configuration. */
export function identifyService(
  service: {
    serviceName: string;
    clusterName: string;
    tags: Record<string, string>;
  },
  config: AwsEcsCollectorConfig,
): { service: string; environment: string } | undefined {
  const environment =
    service.tags[config.environmentTag] ||
    config.clusterEnvironments[service.clusterName] ||
    (config.environmentFromCluster ? service.clusterName : undefined) ||
    config.environment;
  if (!environment) return undefined;
  let name =
    service.tags[config.serviceTag] || config.services[service.serviceName];
  if (!name) {
    name = config.stripEnvironmentSuffix
      ? withoutEnvironmentSuffix(service.serviceName, environment)
      : service.serviceName;
  }
  return { service: name, environment };
}

/** The main container of a task definition: configured, named like the service, or the first essential one. */
export function mainContainerOf(
  definition: TaskDefinition,
  serviceName: string,
  configured?: string,
) {
  const containers = definition.containerDefinitions ?? [];
  return (
    (configured && containers.find(c => c.name === configured)) ||
    containers.find(c => c.name === serviceName) ||
    containers.find(c => c.essential !== false) ||
    containers[0]
  );
}

/** The version one rollout of a service deploys: its main container's image tag, else its task definition. */
export function rolloutVersion(
  deployment: Deployment,
  serviceName: string,
  definitions: Map<string, TaskDefinition>,
  config: AwsEcsCollectorConfig,
): string {
  const definition = definitions.get(deployment.taskDefinition ?? '');
  const main = definition
    ? mainContainerOf(definition, serviceName, config.mainContainer)
    : undefined;
  return (
    imageTag(main?.image) ?? taskDefinitionLabel(deployment.taskDefinition)
  );
}
