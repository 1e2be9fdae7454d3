import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchSourceJson, SourceRequestError } from './sourceHttp';

describe('fetchSourceJson', () => {
  let server: Server;
  let origin: string;
  const answers: Array<{
    status: number;
    headers?: Record<string, string>;
    body: string;
  }> = [];

  beforeAll(async () => {
    server = createServer((_request, response) => {
      const answer = answers.shift() ?? { status: 500, body: '{}' };
      response
        .writeHead(answer.status, {
          'content-type': 'application/json',
          ...answer.headers,
        })
        .end(answer.body);
    });
    await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise(done => server.close(done)));

  it('waits as long as Retry-After says when throttled, then answers the JSON', async () => {
    answers.push({
      status: 429,
      headers: { 'retry-after': '2' },
      body: '{"error":{"message":"Rate Limit Exceeded"}}',
    });
    answers.push({ status: 200, body: '{"incidents":[]}' });
    const waits: number[] = [];

    const body = await fetchSourceJson({
      url: `${origin}/incidents`,
      retry: { sleep: async ms => void waits.push(ms) },
    });

    expect(body).toEqual({ incidents: [] });
    expect(waits).toEqual([2000]);
  });

  it('fails at once on a client error, naming the request, the status and the API message', async () => {
    answers.push({
      status: 401,
      body: '{"error":{"message":"Invalid Token","code":2006}}',
    });

    const failure = fetchSourceJson({
      url: `${origin}/incidents?limit=100`,
      retry: { sleep: async () => {} },
    });

    await expect(failure).rejects.toThrow(
      new SourceRequestError(
        `GET ${origin}/incidents answered 401: Invalid Token`,
      ),
    );
    expect(answers).toHaveLength(0);
  });

  it('answers undefined for an allowed status', async () => {
    answers.push({ status: 404, body: '{"message":"Branch not protected"}' });

    await expect(
      fetchSourceJson({ url: `${origin}/protection`, allowStatuses: [404] }),
    ).resolves.toBeUndefined();
  });

  it('gives up on a server error after the last attempt', async () => {
    answers.push(
      ...[1, 2, 3].map(() => ({
        status: 503,
        body: '{"message":"Service Unavailable"}',
      })),
    );

    await expect(
      fetchSourceJson({
        url: `${origin}/x`,
        retry: { maxAttempts: 3, sleep: async () => {} },
      }),
    ).rejects.toThrow(`GET ${origin}/x answered 503: Service Unavailable`);
  });
});
