/**
 * The Cockpit sink: the AWS Lambda that ingests publish batches from SNS or SQS.
 *
 * @packageDocumentation
 */
export * from './database';
export * from './events';
export * from './handler';
export * from './metrics';
