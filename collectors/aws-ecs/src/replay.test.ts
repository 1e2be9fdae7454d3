import { resolve } from 'node:path';
import {
  loadAwsRecordings,
  runCollectorForTest,
  startAwsJsonReplayServer,
} from '@cockpit/collector-sdk';
import { awsEcsCollector } from './awsEcs';

describe('awsEcsCollector against the recorded API over HTTP', () => {
  it('reads the recordings through the real ECS client and wire protocol, as its dry-run does', async () => {
    const replay = await startAwsJsonReplayServer({
      recordings: loadAwsRecordings(
        resolve(__dirname, '__fixtures__/ecs.json'),
      ),
    });
    const credentials = {
      AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY,
    };
    process.env.AWS_ACCESS_KEY_ID = 'replay';
    process.env.AWS_SECRET_ACCESS_KEY = 'replay';
    try {
      const { publisher } = await runCollectorForTest({
        collector: awsEcsCollector,
        config: {
          region: 'eu-west-1',
          endpoint: replay.url,
          clusterEnvironments: { 'prod-cluster': 'production' },
        },
      });

      publisher.expectReading({
        type: 'instance-info',
        resource: 'payment-service/production/3c1f0b2a9d8e4f7a8b6c5d4e3f2a1b0c',
        value: { startedAt: '2026-12-02T05:42:30.512Z' },
      });
      expect(publisher.readings({ type: 'service-event' })).toHaveLength(10);
    } finally {
      Object.assign(process.env, credentials);
      for (const [key, value] of Object.entries(credentials))
        if (value === undefined) delete process.env[key];
      await replay.close();
    }
  });
});
