import { Logger } from '@aws-lambda-powertools/logger';
import { lazySinkDatabase } from './database';
import { createSinkHandler } from './handler';

/**
 * The deployed entry point (`lambda.handler`). The logger and the database pool live outside
 * the handler, so warm invocations reuse the pool's connections.
 */
const logger = new Logger({ serviceName: 'cockpit-sink' });

export const handler = createSinkHandler({
  getKnex: lazySinkDatabase(),
  logger,
});
