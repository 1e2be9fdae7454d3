/** Region, account and the resource path of an ARN (`arn:aws:ecs:<region>:<account>:<resource>`). */
export function parseArn(arn: string): {
  region?: string;
  awsAccountId?: string;
  resource: string;
} {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return { resource: arn };
  return {
    region: parts[3],
    awsAccountId: parts[4],
    resource: parts.slice(5).join(':'),
  };
}

/** The last segment of an ARN's resource path: a cluster's name, a task's id. */
export function lastArnSegment(arn: string): string {
  const { resource } = parseArn(arn);
  return resource.slice(resource.lastIndexOf('/') + 1);
}

/** A task definition as titles and readings name it: `payment-service:42`. */
export function taskDefinitionLabel(arn: string | undefined): string {
  return arn ? lastArnSegment(arn) : 'unknown';
}
