import { Command } from 'commander';
import { CockpitClient, resourceId } from '@cockpit/plugin-cockpit-common';

/** Where the API is when COCKPIT_URL is not set: the local backend. */
export const DEFAULT_COCKPIT_URL = 'http://localhost:7007/api/cockpit';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface GlobalOptions {
  url?: string;
  token?: string;
}

/** `--url <url>` and `--token <token>`, which every API command reads through {@link client}. */
export function registerApiGlobalOptions(program: Command): void {
  program
    .option(
      '--url <url>',
      `Cockpit API base URL (default: COCKPIT_URL or ${DEFAULT_COCKPIT_URL})`,
    )
    .option('--token <token>', 'bearer token (default: COCKPIT_API_TOKEN)');
}

/** The API base URL from `--url`, else `COCKPIT_URL`, else {@link DEFAULT_COCKPIT_URL}. */
export function cockpitUrl(command: Command): string {
  return (
    command.optsWithGlobals<GlobalOptions>().url ??
    process.env.COCKPIT_URL ??
    DEFAULT_COCKPIT_URL
  );
}

/** The API client from `--url`/`COCKPIT_URL` and `--token`/`COCKPIT_API_TOKEN`. */
export function client(command: Command): CockpitClient {
  const options = command.optsWithGlobals<GlobalOptions>();
  return CockpitClient.forBaseUrl({
    baseUrl: cockpitUrl(command),
    token: options.token ?? process.env.COCKPIT_API_TOKEN,
  });
}

/** A resource id from `<id>` or `<type> <name>`. */
export function resolveId(idOrType: string, name?: string): string {
  if (name !== undefined) return resourceId(idOrType, name);
  if (UUID.test(idOrType)) return idOrType;
  throw new Error(
    `"${idOrType}" is not a resource id; pass an id, or a type and a name`,
  );
}

/** Rethrows an API error with the server's message (`NotFoundError: No Service named "x"`). */
export function explained<A extends unknown[]>(
  action: (...args: A) => Promise<void>,
) {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (error) {
      // the client throws Backstage's ResponseError, whose body is the server's error body
      const body = (
        error as {
          body?: {
            error?: { name?: string; message?: string };
            response?: { statusCode?: number };
          };
        }
      )?.body;
      if (body?.error?.message) {
        throw new Error(
          `${body.response?.statusCode ?? ''} ${body.error.name}: ${
            body.error.message
          }`.trim(),
        );
      }
      throw error;
    }
  };
}
