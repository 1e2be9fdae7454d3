import { CockpitClient } from './client';

/** A client whose fetch records each URL asked for and answers `body`. */
function recordingClient(body: unknown = { items: [] }) {
  const urls: string[] = [];
  const client = new CockpitClient({
    discoveryApi: { getBaseUrl: async () => 'http://cockpit.test/api/cockpit' },
    fetchApi: {
      fetch: async input => {
        urls.push(String(input));
        return new Response(JSON.stringify(body), {
          headers: { 'content-type': 'application/json' },
        });
      },
    },
  });
  return { client, urls };
}

describe('CockpitClient history methods', () => {
  it('asks for the versions of one reading type of a resource', async () => {
    const { client, urls } = recordingClient();

    await client.readingHistory('d/1', 'deployment-info', {
      limit: 50,
      from: '2026-11-01T00:00:00.000Z',
    });

    expect(urls).toEqual([
      'http://cockpit.test/api/cockpit/resources/d%2F1/readings/deployment-info/history?limit=50&from=2026-11-01T00%3A00%3A00.000Z',
    ]);
  });

  it('asks for the changes of a service in a window, leaving out what is not given', async () => {
    const { client, urls } = recordingClient();

    await client.listChanges({
      service: 'payment-service',
      since: '2026-11-21T00:00:00.000Z',
      until: undefined,
      limit: 200,
    });

    expect(urls).toEqual([
      'http://cockpit.test/api/cockpit/changes?service=payment-service&since=2026-11-21T00%3A00%3A00.000Z&limit=200',
    ]);
  });

  it('passes asOf to resource readings and calculations', async () => {
    const { client, urls } = recordingClient();

    await client.listReadings('s-1', { asOf: '2026-11-21T12:00:00.000Z' });
    await client.runCalculation('service-overview', {
      service: 'payment-service',
      asOf: '2026-11-21T12:00:00.000Z',
    });
    await client.runCalculation('service-overview', {
      service: 'payment-service',
      asOf: undefined,
    });

    expect(urls).toEqual([
      'http://cockpit.test/api/cockpit/resources/s-1/readings?asOf=2026-11-21T12%3A00%3A00.000Z',
      'http://cockpit.test/api/cockpit/calculations/service-overview?service=payment-service&asOf=2026-11-21T12%3A00%3A00.000Z',
      'http://cockpit.test/api/cockpit/calculations/service-overview?service=payment-service',
    ]);
  });
});
