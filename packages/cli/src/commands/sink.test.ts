import { spawnSync } from 'node:child_process';
import path from 'node:path';
import {
  CockpitDatabase,
  createKnex,
  testDatabaseEngines,
} from '@cockpit/store';
import { invokeSink } from './sink';

jest.setTimeout(60_000);

function capture() {
  let stdout = '';
  let stderr = '';
  return {
    output: {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
    },
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
  };
}

const sqsEvent = (body: string) => ({
  Records: [
    {
      messageId: 'm-1',
      body,
      attributes: { SentTimestamp: '1795000000000' },
      eventSource: 'aws:sqs',
    },
  ],
});
const batch = JSON.stringify({
  schemaVersion: 1,
  collector: 'cli-test',
  messages: [
    {
      kind: 'resource',
      type: 'ServiceDeployment',
      name: 'svc/prod',
      parent: { type: 'Service', name: 'svc' },
    },
    {
      kind: 'reading',
      type: 'health',
      resource: { type: 'Service', name: 'svc' },
      value: { status: 'UP' },
    },
    { kind: 'reading', type: 'health' },
  ],
});

describe.each(testDatabaseEngines())('cockpit sink invoke on $name', engine => {
  let database: CockpitDatabase;

  beforeEach(async () => {
    database = await engine.open();
    // The embedded engine serves one connection: the command must get it.
    await database.knex.destroy();
  });

  afterEach(async () => {
    await database.close();
  });

  it('runs the handler on the event, prints its response on stdout and logs on stderr', async () => {
    const io = capture();

    const code = await invokeSink({
      eventText: JSON.stringify(sqsEvent(batch)),
      env: { COCKPIT_DATABASE_URL: database.url },
      output: io.output,
    });

    expect(code).toBe(0);
    expect(JSON.parse(io.stdout)).toEqual({ batchItemFailures: [] });
    expect(io.stderr).toMatch(/"message":"event ingested"/);
    const knex = createKnex({ url: database.url, pool: { max: 1 } });
    try {
      expect(await knex('resources').orderBy('name').pluck('name')).toEqual([
        'svc',
        'svc/prod',
      ]);
      expect(await knex('rejections').pluck('source')).toEqual(['sqs:m-1']);
    } finally {
      await knex.destroy();
    }
  });

  it('exits non-zero when the handler throws', async () => {
    const io = capture();

    const code = await invokeSink({
      eventText: JSON.stringify({
        Records: [{ EventSource: 'aws:sns', Sns: {} }],
      }),
      env: { COCKPIT_DATABASE_URL: database.url },
      output: io.output,
    });

    expect(code).toBe(1);
    expect(io.stdout).toBe('');
    expect(io.stderr).toMatch(
      /the handler threw SinkEventError: not an SNS or SQS event/,
    );
  });
});

describe('cockpit sink invoke without a database', () => {
  it('exits non-zero when the direct SNS records cannot be stored', async () => {
    const io = capture();
    const event = {
      Records: [
        {
          EventSource: 'aws:sns',
          Sns: {
            MessageId: 'n-1',
            Message: batch,
            Timestamp: '2026-11-22T10:00:00.000Z',
          },
        },
      ],
    };

    const code = await invokeSink({
      eventText: JSON.stringify(event),
      env: { COCKPIT_DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/none' },
      output: io.output,
    });

    expect(code).toBe(1);
    expect(io.stderr).toMatch(
      /SinkIngestError: 1 of 1 SNS records were not stored/,
    );
  });

  it('exits non-zero on an event that is not JSON', async () => {
    const io = capture();
    expect(
      await invokeSink({ eventText: '{', env: {}, output: io.output }),
    ).toBe(1);
    expect(io.stderr).toMatch(/not JSON/);
  });
});

describe('yarn cockpit sink invoke, as a process', () => {
  it('keeps stdout for the JSON response alone when the database cannot be reached', () => {
    const root = path.resolve(__dirname, '../../../..');
    const run = spawnSync(
      'yarn',
      ['cockpit', 'sink', 'invoke', '--event', '-'],
      {
        cwd: root,
        input: JSON.stringify(
          sqsEvent(
            JSON.stringify({ schemaVersion: 1, collector: 'c', messages: [] }),
          ),
        ),
        encoding: 'utf8',
        env: {
          ...process.env,
          COCKPIT_DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/none',
          COCKPIT_DATABASE_CONNECT_TIMEOUT_MS: '500',
        },
        timeout: 120_000,
      },
    );

    expect(run.status).toBe(0);
    // the whole of stdout is the handler's answer (`... | jq` works); every log is on stderr
    expect(JSON.parse(run.stdout)).toEqual({
      batchItemFailures: [{ itemIdentifier: 'm-1' }],
    });
    expect(run.stderr).toMatch(/storing the event failed/);
  });
});
