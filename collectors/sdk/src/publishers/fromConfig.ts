import { z } from 'zod';
import { describeZodError } from '@cockpit/plugin-cockpit-common';
import { CollectorConfigError } from '../errors';
import type { CollectorLogger } from '../logger';
import { createHttpPublisher } from './http';
import { createLambdaPublisher } from './lambda';
import { createNdjsonPublisher } from './ndjson';
import { createSnsPublisher } from './sns';
import type { Publisher } from './types';

/** How to publish, as configuration (file, environment or code). */
export const PublisherConfigSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('sns'),
    topicArn: z.string().startsWith('arn:'),
    region: z.string().optional(),
  }),
  z.object({
    type: z.literal('lambda'),
    functionName: z.string().min(1),
    region: z.string().optional(),
  }),
  z.object({
    type: z.literal('http'),
    baseUrl: z.url(),
    token: z.string().optional(),
  }),
  z.object({ type: z.literal('ndjson') }),
]);

/** How to publish (the in-process publisher is wired in code, not configured). */
export type PublisherConfig = z.infer<typeof PublisherConfigSchema>;

/**
 * Reads the publisher configuration from the environment:
 * `COCKPIT_PUBLISHER` = `sns` (`COCKPIT_SNS_TOPIC_ARN`), `lambda` (`COCKPIT_SINK_FUNCTION`),
 * `http` (`COCKPIT_URL`, default `http://localhost:7007/api/cockpit`, and `COCKPIT_API_TOKEN`)
 * or `ndjson`. Without `COCKPIT_PUBLISHER` it picks `sns` when a topic is set, otherwise `http`.
 */
export function publisherConfigFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): PublisherConfig {
  const type =
    env.COCKPIT_PUBLISHER ?? (env.COCKPIT_SNS_TOPIC_ARN ? 'sns' : 'http');
  const byType: Record<string, unknown> = {
    sns: { type, topicArn: env.COCKPIT_SNS_TOPIC_ARN, region: env.AWS_REGION },
    lambda: {
      type,
      functionName: env.COCKPIT_SINK_FUNCTION,
      region: env.AWS_REGION,
    },
    http: {
      type,
      baseUrl: env.COCKPIT_URL ?? 'http://localhost:7007/api/cockpit',
      token: env.COCKPIT_API_TOKEN,
    },
  };
  const raw = byType[type] ?? { type };
  const parsed = PublisherConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new CollectorConfigError(
      `publisher configuration from the environment (COCKPIT_PUBLISHER=${type}) is invalid: ${describeZodError(
        parsed.error,
      )}`,
    );
  }
  return parsed.data;
}

/**
 * Creates the publisher a configuration names.
 *
 * @example
 * const publisher = createPublisher({ config: publisherConfigFromEnv() });
 */
export function createPublisher(options: {
  config: PublisherConfig;
  logger?: CollectorLogger;
}): Publisher {
  const config = options.config;
  switch (config.type) {
    case 'sns':
      return createSnsPublisher({ ...config, logger: options.logger });
    case 'lambda':
      return createLambdaPublisher({ ...config, logger: options.logger });
    case 'http':
      return createHttpPublisher(config);
    case 'ndjson':
      return createNdjsonPublisher();
    default:
      throw new CollectorConfigError(
        `unknown publisher type ${JSON.stringify(config)}`,
      );
  }
}
