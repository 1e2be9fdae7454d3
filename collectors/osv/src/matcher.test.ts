import { resolve } from 'node:path';
import { OsvAdvisory } from './advisory';
import { AdvisoryIndex } from './matcher';
import { loadAdvisoryIndex } from './loadAdvisories';
import { UnparsableVersionError } from './versions';

type Events = {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}[];

/** An advisory about one package with ranges of type ECOSYSTEM (unless typed otherwise). */
function advisory(options: {
  id: string;
  ecosystem: string;
  name: string;
  ranges?: (Events | { type: string; events: Events })[];
  versions?: string[];
  aliases?: string[];
  severity?: string;
  cvss?: { type: string; score: string }[];
  withdrawn?: string;
  summary?: string;
}): OsvAdvisory {
  return {
    id: options.id,
    summary: options.summary ?? `${options.id} in ${options.name}`,
    aliases: options.aliases,
    withdrawn: options.withdrawn,
    severity: options.cvss,
    affected: [
      {
        package: { ecosystem: options.ecosystem, name: options.name },
        ranges: (options.ranges ?? []).map(r =>
          Array.isArray(r) ? { type: 'ECOSYSTEM', events: r } : r,
        ),
        versions: options.versions,
      },
    ],
    database_specific: options.severity
      ? { severity: options.severity }
      : undefined,
  };
}

function indexOf(...advisories: OsvAdvisory[]): AdvisoryIndex {
  const index = new AdvisoryIndex();
  for (const a of advisories) index.add(a);
  return index;
}

const ids = (index: AdvisoryIndex, purl: string) =>
  index.match(purl)!.items.map(item => item.id);

describe('AdvisoryIndex on the recorded advisories', () => {
  let index: AdvisoryIndex;
  beforeAll(async () => {
    ({ index } = await loadAdvisoryIndex({
      source: {
        type: 'directory',
        path: resolve(__dirname, '__fixtures__/advisories'),
      },
    }));
  });

  it('finds Log4Shell in log4j-core 2.14.1 under its CVE id, with the GHSA id as alias, the critical rating and the fix', () => {
    expect(
      index.match('pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1')!
        .items,
    ).toEqual([
      {
        id: 'CVE-2021-44228',
        aliases: ['GHSA-jfh8-c2jp-5v3q'],
        severity: 'CRITICAL',
        severitySource: 'DATABASE',
        score: 10,
        cvss: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H',
        summary: 'Remote code injection in Log4j',
        fixedIn: ['2.15.0'],
        url: 'https://osv.dev/vulnerability/GHSA-jfh8-c2jp-5v3q',
      },
    ]);
  });

  it('respects every interval of several ranges, including security backports', () => {
    expect(
      ids(index, 'pkg:maven/org.apache.logging.log4j/log4j-core@2.15.0'),
    ).toEqual([]);
    expect(
      ids(index, 'pkg:maven/org.apache.logging.log4j/log4j-core@2.12.2'),
    ).toEqual([]);
    expect(
      ids(index, 'pkg:maven/org.apache.logging.log4j/log4j-core@2.12.1'),
    ).toEqual(['CVE-2021-44228']);
    expect(
      ids(index, 'pkg:maven/org.apache.logging.log4j/log4j-core@2.0-beta9'),
    ).toEqual(['CVE-2021-44228']);
    expect(
      ids(index, 'pkg:maven/org.apache.logging.log4j/log4j-core@2.0-beta8'),
    ).toEqual([]);
  });

  it('orders Maven versions numerically part by part', () => {
    const fixes = (purl: string) =>
      index.match(purl)!.items.map(i => i.fixedIn);

    expect(
      fixes('pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10.8'),
    ).toEqual([['2.12.6.1']]);
    expect(
      fixes('pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.12.6.1'),
    ).toEqual([]);
    expect(
      fixes('pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.13.1'),
    ).toEqual([['2.13.2.1']]);
    expect(
      fixes('pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.13.4.2'),
    ).toEqual([]);
  });

  it('treats last_affected as inclusive and rates from the CVSS vector when the database states no rating', () => {
    expect(index.match('pkg:maven/org.yaml/snakeyaml@1.33')!.items).toEqual([
      expect.objectContaining({
        id: 'CVE-2022-1471',
        severity: 'HIGH',
        severitySource: 'CVSS',
        score: 8.8,
      }),
    ]);
    expect(ids(index, 'pkg:maven/org.yaml/snakeyaml@2.0')).toEqual([]);
  });

  it('matches npm versions by SemVer and maps the GitHub MODERATE rating to MEDIUM', () => {
    expect(index.match('pkg:npm/express@4.17.1')!.items).toEqual([
      expect.objectContaining({
        id: 'CVE-2024-29041',
        severity: 'MEDIUM',
        fixedIn: ['4.19.2'],
      }),
    ]);
    expect(ids(index, 'pkg:npm/express@4.19.2')).toEqual([]);
    expect(
      index.match('pkg:npm/express@5.0.0-beta.1')!.items.map(i => i.fixedIn),
    ).toEqual([['5.0.0-beta.3']]);
    expect(ids(index, 'pkg:npm/lodash@4.17.20')).toEqual(['CVE-2021-23337']);
  });

  it('matches Go modules written with their v against advisories written without it', () => {
    expect(
      index.match('pkg:golang/github.com/gin-gonic/gin@v1.9.0')!.items,
    ).toEqual([
      expect.objectContaining({
        id: 'CVE-2023-29401',
        aliases: ['GHSA-2c4m-59x9-fr2g', 'GO-2023-1737'],
        fixedIn: ['1.9.1'],
      }),
    ]);
    expect(ids(index, 'pkg:golang/github.com/gin-gonic/gin@v1.9.1')).toEqual(
      [],
    );
    expect(ids(index, 'pkg:golang/github.com/gin-gonic/gin@v1.3.0')).toEqual(
      [],
    );
  });

  it('answers undefined for an ecosystem whose version order it does not know', () => {
    expect(index.match('pkg:deb/debian/openssl@3.0.11')).toBeUndefined();
  });
});

describe('AdvisoryIndex in each ecosystem', () => {
  it('orders PyPI versions by PEP 440: post-releases follow, dev-releases precede, epochs dominate', () => {
    const index = indexOf(
      advisory({
        id: 'PYSEC-1',
        ecosystem: 'PyPI',
        name: 'pkg-a',
        ranges: [[{ introduced: '0' }, { fixed: '1.0.post1' }]],
      }),
      advisory({
        id: 'PYSEC-2',
        ecosystem: 'PyPI',
        name: 'pkg-b',
        ranges: [[{ introduced: '0' }, { fixed: '1.0' }]],
      }),
      advisory({
        id: 'PYSEC-3',
        ecosystem: 'PyPI',
        name: 'pkg-c',
        ranges: [[{ introduced: '0' }, { fixed: '1.0a1' }]],
      }),
      advisory({
        id: 'PYSEC-4',
        ecosystem: 'PyPI',
        name: 'pkg-d',
        ranges: [[{ introduced: '0' }, { fixed: '2.0' }]],
      }),
    );

    expect(ids(index, 'pkg:pypi/pkg-a@1.0')).toEqual(['PYSEC-1']);
    expect(ids(index, 'pkg:pypi/pkg-b@1.0.post1')).toEqual([]);
    expect(ids(index, 'pkg:pypi/pkg-c@1.0.dev0')).toEqual(['PYSEC-3']);
    expect(ids(index, 'pkg:pypi/pkg-d@1!1.0')).toEqual([]);
    expect(ids(index, 'pkg:pypi/pkg-d@1.9')).toEqual(['PYSEC-4']);
  });

  it('matches PyPI names however they are spelled (PEP 503)', () => {
    const index = indexOf(
      advisory({
        id: 'PYSEC-5',
        ecosystem: 'PyPI',
        name: 'Flask_Cors',
        ranges: [[{ introduced: '0' }]],
      }),
    );

    expect(ids(index, 'pkg:pypi/flask-cors@4.0.0')).toEqual(['PYSEC-5']);
  });

  it('compares NuGet pre-release labels part by part and case-insensitively, and four-part versions', () => {
    const index = indexOf(
      advisory({
        id: 'GHSA-n1',
        ecosystem: 'NuGet',
        name: 'Some.Package',
        ranges: [[{ introduced: '0' }, { fixed: '1.0.0-rc.1' }]],
      }),
      advisory({
        id: 'GHSA-n2',
        ecosystem: 'NuGet',
        name: 'Other.Package',
        ranges: [[{ introduced: '4.0.0' }, { fixed: '4.3.0.9' }]],
      }),
    );

    expect(ids(index, 'pkg:nuget/Some.Package@1.0.0-preview.1')).toEqual([
      'GHSA-n1',
    ]);
    expect(ids(index, 'pkg:nuget/some.package@1.0.0-RC.1')).toEqual([]);
    expect(ids(index, 'pkg:nuget/Other.Package@4.3.0.8')).toEqual(['GHSA-n2']);
    expect(ids(index, 'pkg:nuget/Other.Package@4.3.1')).toEqual([]);
  });

  it('orders RubyGems pre-releases before their release', () => {
    const index = indexOf(
      advisory({
        id: 'GHSA-r1',
        ecosystem: 'RubyGems',
        name: 'rails',
        ranges: [[{ introduced: '6.0.0' }, { fixed: '6.1.7.1' }]],
      }),
    );

    expect(ids(index, 'pkg:gem/rails@6.1.7.1.rc1')).toEqual(['GHSA-r1']);
    expect(ids(index, 'pkg:gem/rails@6.1.7.1')).toEqual([]);
    expect(ids(index, 'pkg:gem/rails@6.0.0.beta1')).toEqual([]);
  });

  it('orders Packagist versions as Composer does, with or without the v', () => {
    const index = indexOf(
      advisory({
        id: 'GHSA-p1',
        ecosystem: 'Packagist',
        name: 'symfony/http-kernel',
        ranges: [[{ introduced: '5.0.0' }, { fixed: '5.4.20' }]],
      }),
    );

    expect(ids(index, 'pkg:composer/symfony/http-kernel@v5.4.9')).toEqual([
      'GHSA-p1',
    ]);
    expect(ids(index, 'pkg:composer/symfony/http-kernel@5.4.20-RC1')).toEqual([
      'GHSA-p1',
    ]);
    expect(ids(index, 'pkg:composer/symfony/http-kernel@v5.4.20')).toEqual([]);
  });

  it('compares a range of type SEMVER as SemVer whatever the ecosystem', () => {
    const index = indexOf(
      advisory({
        id: 'PYSEC-6',
        ecosystem: 'PyPI',
        name: 'pkg-e',
        ranges: [
          { type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.0.0' }] },
        ],
      }),
      advisory({
        id: 'PYSEC-7',
        ecosystem: 'PyPI',
        name: 'pkg-f',
        ranges: [[{ introduced: '0' }, { fixed: '1.0.0' }]],
      }),
    );

    // SemVer: 1.0.0-post.1 is a pre-release of 1.0.0; PEP 440: a post-release after it
    expect(ids(index, 'pkg:pypi/pkg-e@1.0.0-post.1')).toEqual(['PYSEC-6']);
    expect(ids(index, 'pkg:pypi/pkg-f@1.0.0-post.1')).toEqual([]);
  });

  it('matches the versions an advisory lists explicitly, spelled as its ecosystem allows', () => {
    const index = indexOf(
      advisory({
        id: 'GO-1',
        ecosystem: 'Go',
        name: 'example.com/mod',
        versions: ['1.2.3', '1.2.5'],
      }),
      advisory({
        id: 'PYSEC-8',
        ecosystem: 'PyPI',
        name: 'pkg-g',
        versions: ['2.0'],
        ranges: [[{ introduced: '3.0' }, { fixed: '3.1' }]],
      }),
    );

    expect(ids(index, 'pkg:golang/example.com/mod@v1.2.3')).toEqual(['GO-1']);
    expect(ids(index, 'pkg:golang/example.com/mod@v1.2.4')).toEqual([]);
    expect(ids(index, 'pkg:pypi/pkg-g@2.0.0')).toEqual(['PYSEC-8']);
    expect(ids(index, 'pkg:pypi/pkg-g@3.0.1')).toEqual(['PYSEC-8']);
    expect(ids(index, 'pkg:pypi/pkg-g@2.5')).toEqual([]);
  });

  it('evaluates introduced, fixed, last_affected and limit events of one advisory', () => {
    const index = indexOf(
      advisory({
        id: 'GHSA-e1',
        ecosystem: 'npm',
        name: 'evented',
        ranges: [
          [
            { introduced: '1.0.0' },
            { fixed: '1.2.0' },
            { introduced: '2.0.0' },
            { last_affected: '2.3.0' },
          ],
          [{ introduced: '3.0.0' }, { limit: '3.5.0' }],
        ],
      }),
    );

    expect(
      index.match('pkg:npm/evented@1.1.0')!.items.map(i => i.fixedIn),
    ).toEqual([['1.2.0']]);
    expect(ids(index, 'pkg:npm/evented@1.2.0')).toEqual([]);
    expect(index.match('pkg:npm/evented@2.3.0')!.items).toEqual([
      expect.not.objectContaining({ fixedIn: expect.anything() }),
    ]);
    expect(ids(index, 'pkg:npm/evented@2.3.1')).toEqual([]);
    expect(ids(index, 'pkg:npm/evented@3.4.9')).toEqual(['GHSA-e1']);
    expect(ids(index, 'pkg:npm/evented@3.5.0')).toEqual([]);
  });

  it('leaves withdrawn advisories out', () => {
    const index = indexOf(
      advisory({
        id: 'GHSA-w1',
        ecosystem: 'npm',
        name: 'pkg',
        ranges: [[{ introduced: '0' }]],
        withdrawn: '2024-01-01T00:00:00Z',
      }),
    );

    expect(ids(index, 'pkg:npm/pkg@1.0.0')).toEqual([]);
    expect(index.stats).toEqual({ advisories: 0, withdrawn: 1, packages: 0 });
  });

  it('refuses a version its ecosystem cannot read rather than calling it safe', () => {
    const index = indexOf(
      advisory({
        id: 'GHSA-u1',
        ecosystem: 'npm',
        name: 'pkg',
        ranges: [[{ introduced: '0' }, { fixed: '2.0.0' }]],
      }),
    );

    expect(() => index.match('pkg:npm/pkg@latest')).toThrow(
      UnparsableVersionError,
    );
  });

  it('names an advisory range it cannot evaluate and still reports the others', () => {
    const index = indexOf(
      advisory({
        id: 'GHSA-b1',
        ecosystem: 'npm',
        name: 'pkg',
        ranges: [[{ introduced: 'garbage' }]],
      }),
      advisory({
        id: 'GHSA-b2',
        ecosystem: 'npm',
        name: 'pkg',
        ranges: [[{ introduced: '0' }]],
      }),
    );

    const match = index.match('pkg:npm/pkg@1.0.0')!;

    expect(match.items.map(i => i.id)).toEqual(['GHSA-b2']);
    expect(match.problems).toEqual([
      {
        purl: 'pkg:npm/pkg@1.0.0',
        advisory: 'GHSA-b1',
        message: 'ECOSYSTEM range: "garbage" is not a SemVer version',
      },
    ]);
  });
});

describe('severity', () => {
  const only = (cvss: { type: string; score: string }[], severity?: string) =>
    indexOf(
      advisory({
        id: 'GHSA-s1',
        ecosystem: 'npm',
        name: 'pkg',
        ranges: [[{ introduced: '0' }]],
        cvss,
        severity,
      }),
    ).match('pkg:npm/pkg@1.0.0')!.items[0];

  it('rates an advisory that states only a CVSS v4.0 vector', () => {
    expect(
      only([
        {
          type: 'CVSS_V4',
          score:
            'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
        },
      ]),
    ).toEqual(
      expect.objectContaining({
        severity: 'CRITICAL',
        score: 9.3,
        severitySource: 'CVSS',
      }),
    );
  });

  it('rates an advisory that states only a CVSS v2 vector on the v2 scale', () => {
    expect(
      only([{ type: 'CVSS_V2', score: 'AV:N/AC:L/Au:N/C:P/I:P/A:P' }]),
    ).toEqual(
      expect.objectContaining({
        severity: 'HIGH',
        score: 7.5,
        cvss: 'AV:N/AC:L/Au:N/C:P/I:P/A:P',
      }),
    );
  });

  it('prefers the newest CVSS version when several are stated', () => {
    expect(
      only([
        {
          type: 'CVSS_V3',
          score: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:L/A:N',
        },
        {
          type: 'CVSS_V4',
          score:
            'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N',
        },
      ]),
    ).toEqual(
      expect.objectContaining({
        severity: 'MEDIUM',
        score: 5.3,
        cvss: expect.stringMatching(/^CVSS:4\.0\//),
      }),
    );
  });

  it("takes the database's own rating first and keeps the CVSS score beside it", () => {
    expect(
      only(
        [
          {
            type: 'CVSS_V3',
            score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H',
          },
        ],
        'LOW',
      ),
    ).toEqual(
      expect.objectContaining({
        severity: 'LOW',
        severitySource: 'DATABASE',
        score: 10,
      }),
    );
  });

  it('says UNKNOWN when neither a rating nor a complete vector is stated', () => {
    const item = only([{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N' }]);

    expect(item.severity).toBe('UNKNOWN');
    expect(item).not.toHaveProperty('score');
  });
});

describe('aliases', () => {
  it('reports a vulnerability known under a GHSA and a CVE id once, under a stable canonical id', () => {
    const ghsa = advisory({
      id: 'GHSA-a1',
      aliases: ['CVE-2024-1'],
      ecosystem: 'PyPI',
      name: 'pkg',
      ranges: [[{ introduced: '0' }, { fixed: '2.0' }]],
      severity: 'HIGH',
    });
    const pysec = advisory({
      id: 'PYSEC-2024-1',
      aliases: ['CVE-2024-1', 'GHSA-a1'],
      ecosystem: 'PyPI',
      name: 'pkg',
      ranges: [[{ introduced: '0' }, { fixed: '2.1' }]],
    });

    const forward = indexOf(ghsa, pysec).match('pkg:pypi/pkg@1.0')!.items;
    const backward = indexOf(pysec, ghsa).match('pkg:pypi/pkg@1.0')!.items;

    expect(forward).toEqual([
      expect.objectContaining({
        id: 'CVE-2024-1',
        aliases: ['GHSA-a1', 'PYSEC-2024-1'],
        severity: 'HIGH',
        fixedIn: ['2.0', '2.1'],
      }),
    ]);
    expect(backward).toEqual(forward);
  });

  it('keeps the same canonical id on a version only one of the records affects', () => {
    const index = indexOf(
      advisory({
        id: 'GHSA-a1',
        aliases: ['CVE-2024-1'],
        ecosystem: 'PyPI',
        name: 'pkg',
        ranges: [[{ introduced: '0' }, { fixed: '2.0' }]],
      }),
      advisory({
        id: 'PYSEC-2024-1',
        aliases: ['CVE-2024-1'],
        ecosystem: 'PyPI',
        name: 'pkg',
        ranges: [[{ introduced: '0' }, { fixed: '2.1' }]],
      }),
    );

    expect(index.match('pkg:pypi/pkg@2.0.5')!.items).toEqual([
      expect.objectContaining({
        id: 'CVE-2024-1',
        aliases: ['GHSA-a1', 'PYSEC-2024-1'],
        fixedIn: ['2.1'],
      }),
    ]);
  });
});
