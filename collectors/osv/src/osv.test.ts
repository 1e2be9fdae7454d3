import {
  createWriteStream,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import yazl from 'yazl';
import {
  CollectorLogger,
  createTestPublisher,
  runCollector,
  runCollectorForTest,
} from '@cockpit/collector-sdk';
import { osvCollector } from './osv';
import { parseAdvisories } from './sources';
import { readAdvisoryZip } from './zipSource';

const advisories = resolve(__dirname, '__fixtures__/advisories');
const recordedApi = resolve(__dirname, '__fixtures__/osv-api');
const now = () => new Date('2026-11-22T10:00:00Z');

function recordingLogger() {
  const lines: string[] = [];
  const logger: CollectorLogger = {
    debug: () => {},
    info: message => lines.push(`info ${message}`),
    warn: message => lines.push(`warn ${message}`),
    error: message => lines.push(`error ${message}`),
  };
  return { logger, lines };
}

/** Writes a zip archive of the given entries, as OSV's `all.zip` holds them (`<id>.json` at the root). */
async function writeZip(path: string, entries: Record<string, string>) {
  const zip = new yazl.ZipFile();
  for (const [name, text] of Object.entries(entries))
    zip.addBuffer(Buffer.from(text), name);
  zip.end();
  await new Promise<void>((done, fail) =>
    zip.outputStream
      .pipe(createWriteStream(path))
      .on('close', done)
      .on('error', fail),
  );
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function body(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

describe('osvCollector', () => {
  let workdir: string;
  beforeEach(() => {
    workdir = mkdtempSync(join(tmpdir(), 'osv-test-'));
  });
  afterEach(() => rmSync(workdir, { recursive: true, force: true }));

  it('publishes a vulnerabilities reading on each version from a directory, empty when none applies', async () => {
    const { publisher } = await runCollectorForTest({
      collector: osvCollector,
      now,
      config: {
        source: { type: 'directory', path: advisories },
        purls: [
          'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
          'pkg:npm/lodash@4.17.21',
          'pkg:deb/debian/openssl@3.0.11',
        ],
      },
    });

    publisher.expectResource({
      type: 'SoftwareDependencyVersion',
      name: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
      parent: {
        type: 'SoftwareDependency',
        name: 'pkg:maven/org.apache.logging.log4j/log4j-core',
      },
    });
    publisher.expectReading({
      type: 'vulnerabilities',
      resource: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
      value: {
        items: [
          {
            id: 'CVE-2021-44228',
            aliases: ['GHSA-jfh8-c2jp-5v3q'],
            severity: 'CRITICAL',
            score: 10,
          },
        ],
      },
    });
    publisher.expectReading({
      type: 'vulnerabilities',
      resource: 'pkg:npm/lodash@4.17.21',
      value: { items: [] },
    });
    expect(publisher.readings({ type: 'vulnerabilities' })).toHaveLength(2);
  });

  it("reads an ecosystem's all.zip directly, leaving out withdrawn advisories and naming a broken entry", async () => {
    const archive = join(workdir, 'all.zip');
    const entries: Record<string, string> = {};
    for (const file of readdirSync(advisories))
      entries[file] = readFileSync(join(advisories, file), 'utf8');
    entries['GHSA-xxxx-withdrawn.json'] = JSON.stringify({
      id: 'GHSA-xxxx-withdrawn',
      withdrawn: '2024-02-01T00:00:00Z',
      affected: [
        {
          package: { ecosystem: 'npm', name: 'lodash' },
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }],
        },
      ],
    });
    entries['GHSA-broken.json'] = '{ "id": "GHSA-broken", ';
    await writeZip(archive, entries);
    const { logger, lines } = recordingLogger();
    const publisher = createTestPublisher();

    await runCollector({
      collector: osvCollector,
      publisher,
      logger,
      now,
      config: {
        source: { type: 'zip', path: archive },
        purls: ['pkg:npm/lodash@4.17.21', 'pkg:npm/express@4.17.1'],
      },
    });

    publisher.expectReading({
      type: 'vulnerabilities',
      resource: 'pkg:npm/lodash@4.17.21',
      value: { items: [] },
    });
    publisher.expectReading({
      type: 'vulnerabilities',
      resource: 'pkg:npm/express@4.17.1',
      value: { items: [{ id: 'CVE-2024-29041' }] },
    });
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^warn skipped advisory: .*all\.zip:GHSA-broken\.json: not JSON/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/\(1 withdrawn left out\)/),
    );
  });

  it('reads a large archive entry by entry from the file, with the same result as from memory', async () => {
    const archive = join(workdir, 'all.zip');
    const entries: Record<string, string> = {};
    for (const file of readdirSync(advisories))
      entries[file] = readFileSync(join(advisories, file), 'utf8');
    await writeZip(archive, entries);
    const ids = async (inMemoryBytes: number) => {
      const found: string[] = [];
      for await (const text of readAdvisoryZip(archive, { inMemoryBytes }))
        found.push(...parseAdvisories(text).map(a => a.id));
      return found.sort();
    };

    const fromFile = await ids(0);

    expect(fromFile).toEqual(
      readdirSync(advisories)
        .map(f => f.replace(/\.json$/, ''))
        .sort(),
    );
    expect(await ids(Number.MAX_SAFE_INTEGER)).toEqual(fromFile);
  });

  it('reads a path ending in .zip given as advisories as an all.zip archive', async () => {
    const archive = join(workdir, 'npm.zip');
    await writeZip(archive, {
      'GHSA-rv95-896h-c2vc.json': readFileSync(
        join(advisories, 'GHSA-rv95-896h-c2vc.json'),
        'utf8',
      ),
    });

    const { publisher } = await runCollectorForTest({
      collector: osvCollector,
      now,
      config: { advisories: archive, purls: ['pkg:npm/express@4.17.1'] },
    });

    publisher.expectReading({
      type: 'vulnerabilities',
      resource: 'pkg:npm/express@4.17.1',
      value: { items: [{ id: 'CVE-2024-29041' }] },
    });
  });

  it('fails the run with an error naming a file that is not a zip archive', async () => {
    const notZip = join(workdir, 'all.zip');
    writeFileSync(notZip, 'this is not a zip archive');

    await expect(
      runCollectorForTest({
        collector: osvCollector,
        now,
        config: {
          source: { type: 'zip', path: notZip },
          purls: ['pkg:npm/express@4.17.1'],
        },
      }),
    ).rejects.toThrow(`${notZip}: not a readable zip archive`);
  });

  it('publishes no reading for a version its ecosystem cannot read, and says so', async () => {
    const { logger, lines } = recordingLogger();
    const publisher = createTestPublisher();

    await runCollector({
      collector: osvCollector,
      publisher,
      logger,
      now,
      config: { advisories, purls: ['pkg:npm/express@next'] },
    });

    expect(publisher.readings({ type: 'vulnerabilities' })).toEqual([]);
    expect(lines).toContainEqual(
      'warn version not checked: pkg:npm/express@next: "next" is not a SemVer version',
    );
  });

  it("asks OSV's batch API page by page, fetches each advisory's record and reports each vulnerability once", async () => {
    const { exchanges } = JSON.parse(
      readFileSync(join(recordedApi, 'querybatch.json'), 'utf8'),
    ) as {
      exchanges: { request: unknown; response: unknown }[];
    };
    const records = new Map<string, string>();
    for (const dir of [advisories, recordedApi]) {
      for (const file of readdirSync(dir).filter(f => /^(GHSA|GO)-/.test(f)))
        records.set(
          file.replace(/\.json$/, ''),
          readFileSync(join(dir, file), 'utf8'),
        );
    }
    const seen: string[] = [];
    const server = createServer(async (request, response) => {
      const url = new URL(request.url!, 'http://x');
      seen.push(`${request.method} ${url.pathname}`);
      if (request.method === 'POST' && url.pathname === '/v1/querybatch') {
        const query = await body(request);
        const exchange = exchanges.find(e =>
          isDeepStrictEqual(e.request, query),
        );
        if (!exchange) {
          response.writeHead(400, { 'content-type': 'application/json' }).end(
            JSON.stringify({
              code: 3,
              message: `unrecorded query ${JSON.stringify(query)}`,
            }),
          );
          return;
        }
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify(exchange.response));
        return;
      }
      const record = url.pathname.startsWith('/v1/vulns/')
        ? records.get(
            decodeURIComponent(url.pathname.slice('/v1/vulns/'.length)),
          )
        : undefined;
      if (request.method === 'GET' && record) {
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(record);
        return;
      }
      response
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ code: 5, message: 'Bug not found.' }));
    });
    const baseUrl = await listen(server);
    try {
      const { publisher } = await runCollectorForTest({
        collector: osvCollector,
        now,
        config: {
          source: { type: 'api', baseUrl: `${baseUrl}/`, batchSize: 2 },
          purls: [
            'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
            'pkg:npm/express@4.17.1',
            'pkg:npm/lodash@4.17.21',
            'pkg:golang/github.com/gin-gonic/gin@v1.9.0',
            'pkg:deb/debian/openssl@3.0.11',
          ],
        },
      });

      expect(seen.filter(s => s.startsWith('POST'))).toEqual([
        'POST /v1/querybatch',
        'POST /v1/querybatch',
        'POST /v1/querybatch',
      ]);
      expect(seen.filter(s => s.startsWith('GET')).sort()).toEqual(
        [
          'GHSA-2c4m-59x9-fr2g',
          'GHSA-jfh8-c2jp-5v3q',
          'GHSA-qw6h-vgh9-j6wx',
          'GHSA-rv95-896h-c2vc',
          'GO-2023-1737',
        ].map(id => `GET /v1/vulns/${id}`),
      );
      publisher.expectReading({
        type: 'vulnerabilities',
        resource: 'pkg:npm/express@4.17.1',
        value: {
          items: [
            { id: 'CVE-2024-29041', severity: 'MEDIUM', fixedIn: ['4.19.2'] },
            {
              id: 'CVE-2024-43796',
              severity: 'LOW',
              severitySource: 'DATABASE',
              fixedIn: ['4.20.0'],
            },
          ],
        },
      });
      const express = publisher.reading(
        'vulnerabilities',
        'pkg:npm/express@4.17.1',
      )!.value as { items: { cvss?: string }[] };
      expect(express.items[1].cvss).toMatch(/^CVSS:4\.0\//);
      publisher.expectReading({
        type: 'vulnerabilities',
        resource: 'pkg:golang/github.com/gin-gonic/gin@v1.9.0',
        value: {
          items: [
            {
              id: 'CVE-2023-29401',
              aliases: ['GHSA-2c4m-59x9-fr2g', 'GO-2023-1737'],
              severity: 'MEDIUM',
              fixedIn: ['1.9.1'],
            },
          ],
        },
      });
      publisher.expectReading({
        type: 'vulnerabilities',
        resource: 'pkg:npm/lodash@4.17.21',
        value: { items: [] },
      });
      expect(publisher.readings({ type: 'vulnerabilities' })).toHaveLength(4);
    } finally {
      await new Promise(done => server.close(done));
    }
  });

  it("fails the run with the API's status and answer when OSV refuses a query", async () => {
    const server = createServer((_request, response) => {
      response
        .writeHead(400, { 'content-type': 'application/json' })
        .end('{"code":3,"message":"Invalid query."}');
    });
    const baseUrl = await listen(server);
    try {
      await expect(
        runCollectorForTest({
          collector: osvCollector,
          now,
          config: {
            source: { type: 'api', baseUrl },
            purls: ['pkg:npm/express@4.17.1'],
          },
        }),
      ).rejects.toThrow(
        `${baseUrl}/v1/querybatch: HTTP 400: {"code":3,"message":"Invalid query."}`,
      );
    } finally {
      await new Promise(done => server.close(done));
    }
  });

  it('checks every SoftwareDependencyVersion that the Cockpit REST API lists, page by page', async () => {
    const pages: Record<
      string,
      { items: { type: string; name: string }[]; nextCursor?: string }
    > = {
      '': {
        items: [
          { type: 'SoftwareDependencyVersion', name: 'pkg:npm/express@4.17.1' },
        ],
        nextCursor: 'c2',
      },
      c2: {
        items: [
          {
            type: 'SoftwareDependencyVersion',
            name: 'pkg:golang/github.com/gin-gonic/gin@v1.9.0',
          },
        ],
      },
    };
    const seen: string[] = [];
    const server = createServer((request, response) => {
      const url = new URL(request.url!, 'http://x');
      seen.push(
        `${url.pathname} type=${url.searchParams.get('type')} cursor=${
          url.searchParams.get('cursor') ?? ''
        } ${request.headers.authorization}`,
      );
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(pages[url.searchParams.get('cursor') ?? '']));
    });
    const baseUrl = `${await listen(server)}/api/cockpit`;
    try {
      const { publisher } = await runCollectorForTest({
        collector: osvCollector,
        now,
        config: { advisories, api: { baseUrl, token: 'tok' } },
      });

      expect(seen).toEqual([
        '/api/cockpit/resources type=SoftwareDependencyVersion cursor= Bearer tok',
        '/api/cockpit/resources type=SoftwareDependencyVersion cursor=c2 Bearer tok',
      ]);
      publisher.expectReading({
        type: 'vulnerabilities',
        resource: 'pkg:npm/express@4.17.1',
        value: { items: [{ id: 'CVE-2024-29041' }] },
      });
      publisher.expectReading({
        type: 'vulnerabilities',
        resource: 'pkg:golang/github.com/gin-gonic/gin@v1.9.0',
        value: { items: [{ id: 'CVE-2023-29401' }] },
      });
    } finally {
      await new Promise(done => server.close(done));
    }
  });

  it('refuses a configuration that names both source and advisories', async () => {
    await expect(
      runCollectorForTest({
        collector: osvCollector,
        config: {
          advisories,
          source: { type: 'directory', path: advisories },
          purls: ['pkg:npm/a@1.0.0'],
        },
      }),
    ).rejects.toThrow(/exactly one of source and advisories/);
  });
});
