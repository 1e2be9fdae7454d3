/**
 * Cockpit reference collector: Lambda functions and their deployments from the AWS Lambda API.
 *
 * @packageDocumentation
 */
export * from './awsLambda';
