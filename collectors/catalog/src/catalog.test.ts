import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { runCollectorForTest } from '@cockpit/collector-sdk';
import { catalogCollector, ownerTeam, techStackOf } from './catalog';

const fixture = resolve(__dirname, '__fixtures__/entities.json');

describe('catalogCollector', () => {
  it('publishes each service with its owner team and tech stack from an entities file', async () => {
    const { publisher } = await runCollectorForTest({
      collector: catalogCollector,
      config: { file: fixture },
    });

    expect(publisher.resources('Service').map(r => r.name)).toEqual([
      'payment-service',
      'catalog-service',
      'billing-service',
    ]);
    publisher.expectReading({
      type: 'ownership',
      resource: 'payment-service',
      value: {
        team: 'team-payments',
        contacts: ['payments@example.com', '#team-payments-alerts'],
        system: 'shop',
      },
    });
    publisher.expectReading({
      type: 'tech-stack',
      resource: 'payment-service',
      value: { language: 'java', framework: 'spring-boot', runtime: 'jvm' },
    });
    publisher.expectReading({
      type: 'tech-stack',
      resource: 'catalog-service',
      value: { language: 'typescript', framework: 'express', runtime: 'node' },
    });
    publisher.expectReading({
      type: 'ownership',
      resource: 'catalog-service',
      value: { team: 'team-catalog' },
    });
  });

  it('names a service by the cockpit.io/service-name annotation and reads an explicit stack', async () => {
    const { publisher } = await runCollectorForTest({
      collector: catalogCollector,
      config: { file: fixture },
    });

    publisher.expectReading({
      type: 'ownership',
      resource: 'billing-service',
      value: { team: 'team-billing', lifecycle: 'deprecated' },
    });
    publisher.expectReading({
      type: 'tech-stack',
      resource: 'billing-service',
      value: { language: 'kotlin', framework: 'ktor', runtime: 'jvm' },
    });
    expect(publisher.resources('Service').map(r => r.name)).not.toContain(
      'legacy-billing',
    );
  });

  it('walks every page of the catalog REST API with the token', async () => {
    const items = JSON.parse(readFileSync(fixture, 'utf8')).items.filter(
      (e: any) => e.spec?.type === 'service',
    );
    const requests: { url: string; authorization?: string }[] = [];
    const server: Server = createServer((request, response) => {
      requests.push({
        url: request.url!,
        authorization: request.headers.authorization,
      });
      const url = new URL(request.url!, 'http://x');
      const offset = Number(url.searchParams.get('cursor') ?? 0);
      const page = items.slice(offset, offset + 2);
      const next = offset + 2 < items.length ? String(offset + 2) : undefined;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          items: page,
          totalItems: items.length,
          pageInfo: next ? { nextCursor: next } : {},
        }),
      );
    });
    await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
    const baseUrl = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/catalog`;
    try {
      const { publisher } = await runCollectorForTest({
        collector: catalogCollector,
        config: { baseUrl, token: 't0k', pageSize: 2 },
      });

      expect(publisher.resources('Service').map(r => r.name)).toEqual([
        'payment-service',
        'catalog-service',
        'billing-service',
      ]);
      expect(requests.map(r => r.url)).toEqual([
        '/api/catalog/entities/by-query?limit=2&filter=kind%3Dcomponent%2Cspec.type%3Dservice',
        '/api/catalog/entities/by-query?limit=2&cursor=2',
      ]);
      expect(requests.every(r => r.authorization === 'Bearer t0k')).toBe(true);
    } finally {
      await new Promise(done => server.close(done));
    }
  });

  it('refuses a configuration without a source', async () => {
    await expect(
      runCollectorForTest({ collector: catalogCollector, config: {} }),
    ).rejects.toThrow(/set file or baseUrl/);
  });
});

describe('ownerTeam and techStackOf', () => {
  it('strips kind and namespace from an owner reference', () => {
    expect(ownerTeam('group:default/team-payments')).toBe('team-payments');
    expect(ownerTeam('team-payments')).toBe('team-payments');
  });

  it('knows no stack for an entity without language hints', () => {
    expect(
      techStackOf({
        kind: 'Component',
        metadata: { name: 'x', tags: ['critical'] },
      }),
    ).toBeUndefined();
  });
});
