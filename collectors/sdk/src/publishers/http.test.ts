import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { defineCollector } from '../collector';
import { silentLogger } from '../logger';
import { runCollector } from '../runner';
import { createHttpPublisher } from './http';

const collector = defineCollector({
  id: 'http-test',
  description: 'one service',
  schedule: 'rate(1 hour)',
  async collect(ctx) {
    const service = ctx.resources.service({ service: 'payment-service' });
    ctx.readings.ownership(service, { team: 'team-payments' });
  },
});

async function body(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('createHttpPublisher', () => {
  let server: Server;
  let baseUrl: string;
  const received: { path?: string; authorization?: string; body: any }[] = [];
  let answer: (batch: any) => {
    status: number;
    json: unknown;
    headers?: Record<string, string>;
  };

  beforeAll(async () => {
    server = createServer(async (request, response) => {
      const batch = JSON.parse(await body(request));
      received.push({
        path: request.url,
        authorization: request.headers.authorization,
        body: batch,
      });
      const { status, json, headers } = answer(batch);
      response
        .writeHead(status, { 'content-type': 'application/json', ...headers })
        .end(JSON.stringify(json));
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/cockpit`;
  });
  afterAll(() => new Promise(resolve => server.close(resolve)));
  beforeEach(() => {
    received.length = 0;
  });

  it('posts each batch to /ingest with the bearer token', async () => {
    answer = batch => ({
      status: 200,
      json: {
        accepted: batch.messages.length,
        rejected: 0,
        messages: batch.messages.map((_: unknown, index: number) => ({
          index,
          status: 'accepted',
        })),
      },
    });

    await runCollector({
      collector,
      publisher: createHttpPublisher({ baseUrl, token: 'secret' }),
      logger: silentLogger,
      recordRun: false,
    });

    expect(received).toEqual([
      {
        path: '/api/cockpit/ingest',
        authorization: 'Bearer secret',
        body: expect.objectContaining({
          collector: 'http-test',
          schemaVersion: 1,
          messages: expect.any(Array),
        }),
      },
    ]);
    expect(received[0].body.messages).toHaveLength(2);
  });

  it('fails when the endpoint rejects messages, naming them with the reason', async () => {
    answer = () => ({
      status: 207,
      json: {
        accepted: 1,
        rejected: 1,
        messages: [
          { index: 0, status: 'accepted' },
          { index: 1, status: 'rejected', reason: 'cycle' },
        ],
      },
    });

    await expect(
      runCollector({
        collector,
        publisher: createHttpPublisher({ baseUrl }),
        logger: silentLogger,
        recordRun: false,
      }),
    ).rejects.toThrow('rejected 1 of 2 messages: messages.1: cycle');
  });

  it('fails with the HTTP error when the endpoint refuses the request', async () => {
    answer = () => ({
      status: 401,
      json: {
        error: { name: 'AuthenticationError', message: 'Missing credentials' },
        response: { statusCode: 401 },
      },
    });

    await expect(
      runCollector({
        collector,
        publisher: createHttpPublisher({ baseUrl }),
        logger: silentLogger,
        recordRun: false,
      }),
    ).rejects.toThrow(/POST .*\/ingest failed: .*401/);
  });

  const errorBody = (
    statusCode: number,
    name: string,
    message: string,
    extra: object = {},
  ) => ({
    error: { name, message, ...extra },
    response: { statusCode },
  });
  const accepted = (batch: any) => ({
    status: 200,
    json: {
      accepted: batch.messages.length,
      rejected: 0,
      messages: batch.messages.map((_: unknown, index: number) => ({
        index,
        status: 'accepted',
      })),
    },
  });
  const waits: number[] = [];
  const retry = {
    sleep: async (ms: number) => void waits.push(ms),
    random: () => 0,
  };

  it('tries again after a 503, waiting as long as Retry-After says, and after other 5xx answers', async () => {
    waits.length = 0;
    const answers = [
      {
        status: 503,
        json: errorBody(
          503,
          'ServiceUnavailableError',
          'the database is unavailable',
        ),
        headers: { 'retry-after': '2' },
      },
      { status: 500, json: errorBody(500, 'Error', 'boom') },
    ];
    answer = batch => answers.shift() ?? accepted(batch);

    await runCollector({
      collector,
      publisher: createHttpPublisher({ baseUrl, retry }),
      logger: silentLogger,
      recordRun: false,
    });

    expect(received).toHaveLength(3);
    expect(waits).toEqual([2000, 0]);
  });

  it.each([
    [400, 'InputError'],
    [401, 'AuthenticationError'],
    [403, 'NotAllowedError'],
    [413, 'PayloadTooLargeError'],
    [415, 'UnsupportedMediaTypeError'],
  ])('never tries again after a %s answer', async (status, name) => {
    answer = () => ({
      status,
      json: errorBody(status, name, 'refused', { rejectionId: '42' }),
    });

    await expect(
      runCollector({
        collector,
        publisher: createHttpPublisher({ baseUrl, retry }),
        logger: silentLogger,
        recordRun: false,
      }),
    ).rejects.toThrow(
      status === 400
        ? 'the ingest endpoint refused the batch: refused'
        : new RegExp(`ingest failed: .*${status}`),
    );
    expect(received).toHaveLength(1);
  });

  it('gives up after its attempts when the endpoint keeps failing', async () => {
    answer = () => ({
      status: 502,
      json: errorBody(502, 'Error', 'bad gateway'),
    });

    await expect(
      runCollector({
        collector,
        publisher: createHttpPublisher({
          baseUrl,
          retry: { ...retry, maxAttempts: 3 },
        }),
        logger: silentLogger,
        recordRun: false,
      }),
    ).rejects.toThrow(/ingest failed after 3 attempts: .*502/);
    expect(received).toHaveLength(3);
  });
});
