import { Metrics } from '@aws-lambda-powertools/metrics';
import {
  CockpitDatabase,
  createKnex,
  testDatabaseEngines,
} from '@cockpit/store';
import { createSinkHandler } from './handler';
import { powertoolsSinkMetrics } from './metrics';
import { publishBatch, recordingLogger, sqsEvent } from './testEvents';

jest.setTimeout(60_000);

const service = { kind: 'resource', type: 'Service', name: 'metrics-service' };
const badReading = {
  kind: 'reading',
  type: 'health',
  resource: { type: 'Service', name: 'metrics-service' },
};

/** The metric values of the embedded-metric-format document Powertools would log. */
function storedValues(metrics: Metrics) {
  const document = metrics.serializeMetrics() as unknown as Record<
    string,
    unknown
  >;
  return {
    namespace: (document._aws as any).CloudWatchMetrics[0].Namespace,
    MessagesAccepted: document.MessagesAccepted,
    Quarantined: document.Quarantined,
    RecordsFailed: document.RecordsFailed,
  };
}

describe.each(testDatabaseEngines())('sink metrics on $name', engine => {
  let database: CockpitDatabase;

  beforeAll(async () => {
    database = await engine.open();
  });

  afterAll(async () => {
    await database.close();
  });

  it('counts the messages accepted and what went to quarantine in one invocation', async () => {
    const metrics = new Metrics({
      namespace: 'Cockpit',
      serviceName: 'cockpit-sink',
    });
    const handler = createSinkHandler({
      getKnex: async () => database.knex,
      logger: recordingLogger(),
      metrics: powertoolsSinkMetrics(metrics),
    });

    await handler(
      sqsEvent([
        { messageId: 'm-1', body: publishBatch([service, badReading]) },
        { messageId: 'm-2', body: '{ not json' },
      ]),
    );

    expect(storedValues(metrics)).toEqual({
      namespace: 'Cockpit',
      MessagesAccepted: 1,
      Quarantined: 2, // the reading without a value, and the batch that is not JSON
      RecordsFailed: 0,
    });
  });

  it('counts the records it could not store when the database is away', async () => {
    const unreachable = createKnex({
      url: 'postgresql://postgres@127.0.0.1:9/none',
    });
    const metrics = new Metrics({
      namespace: 'Cockpit',
      serviceName: 'cockpit-sink',
    });
    const handler = createSinkHandler({
      getKnex: async () => unreachable,
      logger: recordingLogger(),
      metrics: powertoolsSinkMetrics(metrics),
    });
    try {
      await handler(
        sqsEvent([
          { messageId: 'm-1', body: publishBatch([service]) },
          { messageId: 'm-2', body: publishBatch([service]) },
        ]),
      );
    } finally {
      await unreachable.destroy();
    }

    expect(storedValues(metrics)).toMatchObject({
      MessagesAccepted: 0,
      Quarantined: 0,
      RecordsFailed: 2,
    });
  });
});
