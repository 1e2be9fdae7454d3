import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { runCollectorForTest } from '@cockpit/collector-sdk';
import { AdvisoryIndex, loadAdvisories, osvCollector, VulnerabilityItem } from './osv';

const advisories = resolve(__dirname, '__fixtures__/advisories');
const now = () => new Date('2026-11-22T10:00:00Z');

describe('AdvisoryIndex', () => {
  let index: AdvisoryIndex;
  beforeAll(async () => {
    index = new AdvisoryIndex(await loadAdvisories(advisories));
  });

  it('finds Log4Shell in log4j-core 2.14.1 with its critical severity and fix', () => {
    expect(index.match('pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1')).toEqual([
      expect.objectContaining({ id: 'GHSA-jfh8-c2jp-5v3q', severity: 'CRITICAL', fixedIn: ['2.15.0'], aliases: ['CVE-2021-44228'] }),
    ]);
  });

  it('respects every interval of the ranges, including security backports', () => {
    const ids = (purl: string) => index.match(purl)!.map((i: VulnerabilityItem) => i.id);

    expect(ids('pkg:maven/org.apache.logging.log4j/log4j-core@2.15.0')).toEqual([]);
    expect(ids('pkg:maven/org.apache.logging.log4j/log4j-core@2.12.2')).toEqual([]);
    expect(ids('pkg:maven/org.apache.logging.log4j/log4j-core@2.12.1')).toEqual(['GHSA-jfh8-c2jp-5v3q']);
    expect(ids('pkg:maven/org.apache.logging.log4j/log4j-core@2.0-beta9')).toEqual(['GHSA-jfh8-c2jp-5v3q']);
    expect(ids('pkg:maven/org.apache.logging.log4j/log4j-core@2.0-beta8')).toEqual([]);
  });

  it('orders Maven versions numerically part by part', () => {
    expect(index.match('pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10.8')!.map(i => i.fixedIn)).toEqual([['2.12.6.1']]);
    expect(index.match('pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.12.6.1')).toEqual([]);
    expect(index.match('pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.13.1')!.map(i => i.fixedIn)).toEqual([['2.13.2.1']]);
    expect(index.match('pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.13.4.2')).toEqual([]);
  });

  it('treats last_affected as inclusive and computes severity from the CVSS vector when the database states none', () => {
    expect(index.match('pkg:maven/org.yaml/snakeyaml@1.33')).toEqual([
      expect.objectContaining({ id: 'GHSA-mjmj-j48q-9wg2', severity: 'HIGH' }),
    ]);
    expect(index.match('pkg:maven/org.yaml/snakeyaml@2.0')).toEqual([]);
  });

  it('matches npm versions by semver and maps the GitHub MODERATE rating to MEDIUM', () => {
    expect(index.match('pkg:npm/express@4.17.1')).toEqual([
      expect.objectContaining({ id: 'GHSA-rv95-896h-c2vc', severity: 'MEDIUM', fixedIn: ['4.19.2'] }),
    ]);
    expect(index.match('pkg:npm/express@4.19.2')).toEqual([]);
    expect(index.match('pkg:npm/express@5.0.0-beta.1')!.map(i => i.fixedIn)).toEqual([['5.0.0-beta.3']]);
    expect(index.match('pkg:npm/lodash@4.17.20')!.map(i => i.id)).toEqual(['GHSA-35jh-r3h4-6jhm']);
  });

  it('matches Go modules with the v prefix and pseudo-versions', () => {
    expect(index.match('pkg:golang/github.com/gin-gonic/gin@v1.9.0')).toEqual([
      expect.objectContaining({ id: 'GO-2023-1737', severity: 'MEDIUM', fixedIn: ['1.9.1'] }),
    ]);
    expect(index.match('pkg:golang/github.com/gin-gonic/gin@v1.9.1')).toEqual([]);
    expect(index.match('pkg:golang/github.com/gin-gonic/gin@v1.3.0')).toEqual([]);
  });

  it('answers undefined for an ecosystem it cannot match', () => {
    expect(index.match('pkg:deb/debian/openssl@3.0.11')).toBeUndefined();
  });
});

describe('osvCollector', () => {
  it('publishes a vulnerabilities reading on each version, empty when none applies', async () => {
    const { publisher } = await runCollectorForTest({
      collector: osvCollector,
      now,
      config: {
        advisories,
        purls: ['pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1', 'pkg:npm/lodash@4.17.21', 'pkg:deb/debian/openssl@3.0.11'],
      },
    });

    publisher.expectResource({
      type: 'SoftwareDependencyVersion',
      name: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
      parent: { type: 'SoftwareDependency', name: 'pkg:maven/org.apache.logging.log4j/log4j-core' },
    });
    publisher.expectReading({
      type: 'vulnerabilities',
      resource: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
      value: { items: [{ id: 'GHSA-jfh8-c2jp-5v3q', severity: 'CRITICAL' }] },
    });
    publisher.expectReading({ type: 'vulnerabilities', resource: 'pkg:npm/lodash@4.17.21', value: { items: [] } });
    expect(publisher.readings({ type: 'vulnerabilities' })).toHaveLength(2);
  });

  it('checks every SoftwareDependencyVersion that the Cockpit REST API lists, page by page', async () => {
    const pages: Record<string, { items: { type: string; name: string }[]; nextCursor?: string }> = {
      '': { items: [{ type: 'SoftwareDependencyVersion', name: 'pkg:npm/express@4.17.1' }], nextCursor: 'c2' },
      c2: { items: [{ type: 'SoftwareDependencyVersion', name: 'pkg:golang/github.com/gin-gonic/gin@v1.9.0' }] },
    };
    const seen: string[] = [];
    const server = createServer((request, response) => {
      const url = new URL(request.url!, 'http://x');
      seen.push(`${url.pathname} type=${url.searchParams.get('type')} cursor=${url.searchParams.get('cursor') ?? ''} ${request.headers.authorization}`);
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(pages[url.searchParams.get('cursor') ?? '']));
    });
    await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
    try {
      const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/cockpit`;
      const { publisher } = await runCollectorForTest({ collector: osvCollector, now, config: { advisories, api: { baseUrl, token: 'tok' } } });

      expect(seen).toEqual([
        '/api/cockpit/resources type=SoftwareDependencyVersion cursor= Bearer tok',
        '/api/cockpit/resources type=SoftwareDependencyVersion cursor=c2 Bearer tok',
      ]);
      publisher.expectReading({ type: 'vulnerabilities', resource: 'pkg:npm/express@4.17.1', value: { items: [{ id: 'GHSA-rv95-896h-c2vc' }] } });
      publisher.expectReading({ type: 'vulnerabilities', resource: 'pkg:golang/github.com/gin-gonic/gin@v1.9.0', value: { items: [{ id: 'GO-2023-1737' }] } });
    } finally {
      await new Promise(done => server.close(done));
    }
  });
});
