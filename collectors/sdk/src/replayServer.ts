import { readdir, readFile } from 'node:fs/promises';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/**
 * One recorded HTTP exchange. The request matches when the method and path are equal, every
 * recorded query parameter has the recorded value (`*`: any value, but present), and (when given) every recorded field of
 * the JSON body is equal; the most specific match wins. `{{origin}}` anywhere in the response
 * headers or body is replaced by the replay server's own origin (for paging links).
 */
export interface RecordedExchange {
  /** What the recording is, for people reading it. */
  comment?: string;
  request: {
    method: string;
    path: string;
    query?: Record<string, string>;
    body?: Record<string, unknown>;
    /** Header values the request must carry (names in lower case), e.g. an authorization scheme. */
    headers?: Record<string, string>;
  };
  response: {
    status: number;
    headers?: Record<string, string>;
    body?: unknown;
  };
}

/** A running replay server. */
export interface ReplayServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Every request received, in order (`GET /path?query`). */
  readonly requests: string[];
  close(): Promise<void>;
}

/** Reads recorded exchanges from `.json` files (one exchange or an array each) of a folder. */
export async function loadRecordings(
  directory: string,
): Promise<RecordedExchange[]> {
  const files = (await readdir(directory))
    .filter(f => f.endsWith('.json'))
    .sort();
  const exchanges: RecordedExchange[] = [];
  for (const file of files) {
    const parsed = JSON.parse(await readFile(join(directory, file), 'utf8'));
    for (const exchange of Array.isArray(parsed) ? parsed : [parsed]) {
      if (
        !exchange?.request?.method ||
        !exchange?.request?.path ||
        !exchange?.response?.status
      ) {
        throw new TypeError(
          `${join(
            directory,
            file,
          )}: an exchange needs request.method, request.path and response.status`,
        );
      }
      exchanges.push(exchange);
    }
  }
  return exchanges;
}

function specificity(exchange: RecordedExchange): number {
  const { query = {}, body = {}, headers = {} } = exchange.request;
  return (
    Object.keys(query).length +
    Object.keys(body).length +
    Object.keys(headers).length
  );
}

function matches(
  exchange: RecordedExchange,
  request: IncomingMessage,
  url: URL,
  body: unknown,
): boolean {
  const recorded = exchange.request;
  if (
    recorded.method.toUpperCase() !== request.method ||
    recorded.path !== url.pathname
  )
    return false;
  for (const [key, value] of Object.entries(recorded.query ?? {})) {
    if (
      value === '*'
        ? !url.searchParams.has(key)
        : url.searchParams.get(key) !== value
    )
      return false;
  }
  for (const [key, value] of Object.entries(recorded.headers ?? {})) {
    if (request.headers[key] !== value) return false;
  }
  for (const [key, value] of Object.entries(recorded.body ?? {})) {
    if (
      JSON.stringify((body as Record<string, unknown> | undefined)?.[key]) !==
      JSON.stringify(value)
    )
      return false;
  }
  return true;
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Serves recorded responses of a vendor API on 127.0.0.1, so a collector is tested (and
 * dry-run) over real HTTP against the API's own shapes, paging included. A request no
 * recording matches gets a 599 answer naming it, so a test fails loudly instead of seeing an
 * API error it could mistake for a real one.
 *
 * @example
 * const server = await startReplayServer({ exchanges: await loadRecordings('src/__fixtures__/pagerduty') });
 * await runCollectorForTest({ collector: pagerDutyCollector, config: { baseUrl: server.origin, token: 'x', ... } });
 */
export async function startReplayServer(options: {
  exchanges: RecordedExchange[];
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
}): Promise<ReplayServer> {
  const requests: string[] = [];
  let origin = '';
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', origin);
    requests.push(`${request.method} ${url.pathname}${url.search}`);
    const body = await readBody(request);
    const candidates = options.exchanges
      .filter(exchange => matches(exchange, request, url, body))
      .sort((a, b) => specificity(b) - specificity(a));
    const exchange = candidates[0];
    if (!exchange) {
      response.writeHead(599, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          error: `no recording matches ${request.method} ${url.pathname}${url.search}`,
        }),
      );
      return;
    }
    const substitute = (text: string) => text.split('{{origin}}').join(origin);
    const headers = Object.fromEntries(
      Object.entries(exchange.response.headers ?? {}).map(([key, value]) => [
        key,
        substitute(value),
      ]),
    );
    if (exchange.response.body === undefined) {
      response.writeHead(exchange.response.status, headers).end();
      return;
    }
    response.writeHead(exchange.response.status, {
      'content-type': 'application/json',
      ...headers,
    });
    response.end(substitute(JSON.stringify(exchange.response.body)));
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', done);
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    close: () =>
      new Promise<void>((done, fail) =>
        server.close(error => (error ? fail(error) : done())),
      ),
  };
}
