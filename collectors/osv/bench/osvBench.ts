/**
 * `yarn bench:osv`: how long the osv collector takes, and how much memory it needs, to match
 * BENCH_VERSIONS (default 20,000) dependency versions against an `all.zip` export of
 * BENCH_ADVISORIES (default 50,000) generated advisories in OSV's format.
 *
 * The export is generated first (deterministically, once per size, under the system's temp
 * folder; not timed), spread over eight ecosystems (npm, PyPI, Maven, Go, NuGet, RubyGems,
 * crates.io, Packagist) with realistic records: GHSA ids with CVE aliases, a PYSEC/GO record
 * for the same CVE on some, CVSS v3.1 and v4.0 vectors, a database rating on most, one or
 * two ranges of introduced/fixed/last_affected events, explicit version lists on some, a few
 * withdrawn. Then each round runs the real collector (zip source, every check, every reading
 * validated and batched by the SDK, batches written to a discarding stream) in a fresh
 * process, whose time and peak resident memory (maxRSS) are reported. BENCH_ROUNDS (default 3)
 * rounds; the median is the figure.
 */
import { spawnSync } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import yazl from 'yazl';
import {
  createNdjsonPublisher,
  runCollector,
  silentLogger,
} from '@cockpit/collector-sdk';
import { osvCollector } from '../src/osv';

const ADVISORIES = Number(process.env.BENCH_ADVISORIES ?? 50_000);
const VERSIONS = Number(process.env.BENCH_VERSIONS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ADVISORIES_PER_PACKAGE = 10;
const dir = join(tmpdir(), `cockpit-bench-osv-${ADVISORIES}-${VERSIONS}`);
const zipPath = join(dir, 'all.zip');
const purlsPath = join(dir, 'purls.json');

/** A small deterministic PRNG (mulberry32), so every run generates the same export. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Ecosystem = {
  name: string;
  purl: (pkg: number) => string;
  osvName: (pkg: number) => string;
  version: (
    major: number,
    minor: number,
    patch: number,
    pre?: number,
  ) => string;
  /** How the purl writes a version (Go adds its v). */
  purlVersion?: (version: string) => string;
};

const ECOSYSTEMS: Ecosystem[] = [
  {
    name: 'npm',
    purl: p => `pkg:npm/pkg-${p}`,
    osvName: p => `pkg-${p}`,
    version: (a, b, c, pre) => `${a}.${b}.${c}${pre ? `-beta.${pre}` : ''}`,
  },
  {
    name: 'PyPI',
    purl: p => `pkg:pypi/py-pkg-${p}`,
    osvName: p => `py_pkg_${p}`,
    version: (a, b, c, pre) => `${a}.${b}.${c}${pre ? `rc${pre}` : ''}`,
  },
  {
    name: 'Maven',
    purl: p => `pkg:maven/org.example${p % 50}/lib-${p}`,
    osvName: p => `org.example${p % 50}:lib-${p}`,
    version: (a, b, c, pre) => `${a}.${b}.${c}${pre ? `-RC${pre}` : ''}`,
  },
  {
    name: 'Go',
    purl: p => `pkg:golang/github.com/org${p % 40}/mod-${p}`,
    osvName: p => `github.com/org${p % 40}/mod-${p}`,
    version: (a, b, c, pre) => `${a}.${b}.${c}${pre ? `-rc.${pre}` : ''}`,
    purlVersion: v => `v${v}`,
  },
  {
    name: 'NuGet',
    purl: p => `pkg:nuget/Example.Pkg${p}`,
    osvName: p => `Example.Pkg${p}`,
    version: (a, b, c, pre) => `${a}.${b}.${c}${pre ? `-preview.${pre}` : ''}`,
  },
  {
    name: 'RubyGems',
    purl: p => `pkg:gem/gem-${p}`,
    osvName: p => `gem-${p}`,
    version: (a, b, c, pre) => `${a}.${b}.${c}${pre ? `.rc${pre}` : ''}`,
  },
  {
    name: 'crates.io',
    purl: p => `pkg:cargo/crate-${p}`,
    osvName: p => `crate-${p}`,
    version: (a, b, c, pre) => `${a}.${b}.${c}${pre ? `-alpha.${pre}` : ''}`,
  },
  {
    name: 'Packagist',
    purl: p => `pkg:composer/vendor${p % 30}/php-${p}`,
    osvName: p => `vendor${p % 30}/php-${p}`,
    version: (a, b, c, pre) => `${a}.${b}.${c}${pre ? `-RC${pre}` : ''}`,
  },
];

const CVSS = [
  'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
  'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N',
  'CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:L/I:N/A:N',
  'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
  'CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:N/VI:N/VA:N/SC:L/SI:L/SA:L',
];
const RATINGS = ['CRITICAL', 'HIGH', 'MODERATE', 'LOW'];

async function generate() {
  mkdirSync(dir, { recursive: true });
  const next = random(7);
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)];
  const packages = Math.ceil(ADVISORIES / ADVISORIES_PER_PACKAGE);
  const zip = new yazl.ZipFile();
  const written = new Promise<void>((done, fail) =>
    zip.outputStream
      .pipe(createWriteStream(`${zipPath}.partial`))
      .on('close', done)
      .on('error', fail),
  );
  for (let i = 0; i < ADVISORIES; i++) {
    const pkg = i % packages;
    const ecosystem = ECOSYSTEMS[pkg % ECOSYSTEMS.length];
    const major = Math.floor(next() * 5);
    const fixedMinor = 1 + Math.floor(next() * 9);
    const events: Record<string, string>[] = [
      { introduced: next() < 0.4 ? '0' : ecosystem.version(major, 0, 0) },
      next() < 0.85
        ? { fixed: ecosystem.version(major, fixedMinor, 0) }
        : { last_affected: ecosystem.version(major, fixedMinor, 3) },
    ];
    const ranges = [
      { type: ecosystem.name === 'Go' ? 'SEMVER' : 'ECOSYSTEM', events },
    ];
    if (next() < 0.3) {
      ranges.push({
        type: 'ECOSYSTEM',
        events: [
          { introduced: ecosystem.version(major + 1, 0, 0, 1) },
          { fixed: ecosystem.version(major + 1, 2, 1) },
        ],
      });
    }
    const cve = `CVE-${2015 + (i % 11)}-${10000 + i}`;
    const id = `GHSA-${i.toString(36).padStart(4, '0')}-bnch-${(i * 7919)
      .toString(36)
      .slice(-4)
      .padStart(4, 'x')}`;
    const affected = [
      {
        package: {
          ecosystem: ecosystem.name,
          name: ecosystem.osvName(pkg),
          purl: ecosystem.purl(pkg),
        },
        ranges,
        ...(next() < 0.2
          ? {
              versions: Array.from({ length: 20 }, (_, v) =>
                ecosystem.version(major, Math.floor(v / 4), v % 4),
              ),
            }
          : {}),
        database_specific: {
          source: `https://github.com/github/advisory-database/blob/main/advisories/github-reviewed/${id}/${id}.json`,
        },
      },
    ];
    const advisory = {
      schema_version: '1.6.0',
      id,
      modified: '2025-06-01T00:00:00Z',
      published: '2024-01-01T00:00:00Z',
      ...(i % 97 === 0 ? { withdrawn: '2025-01-01T00:00:00Z' } : {}),
      aliases: [cve],
      summary: `Improper input validation in ${ecosystem.osvName(pkg)} (${i})`,
      details: `A crafted request can make ${ecosystem.osvName(
        pkg,
      )} ${'process untrusted input without the checks its documentation promises. '.repeat(
        3,
      )}`,
      severity: [
        { type: 'CVSS_V3', score: pick(CVSS.slice(0, 3)) },
        ...(next() < 0.3
          ? [{ type: 'CVSS_V4', score: pick(CVSS.slice(3)) }]
          : []),
      ],
      affected,
      references: [
        { type: 'ADVISORY', url: `https://nvd.nist.gov/vuln/detail/${cve}` },
        {
          type: 'PACKAGE',
          url: `https://example.org/${ecosystem.osvName(pkg)}`,
        },
      ],
      database_specific:
        next() < 0.8
          ? {
              cwe_ids: ['CWE-20'],
              severity: pick(RATINGS),
              github_reviewed: true,
            }
          : { cwe_ids: ['CWE-20'] },
    };
    zip.addBuffer(Buffer.from(JSON.stringify(advisory)), `${id}.json`);
    // one record in ten also comes from a second database under the same CVE (one alias group)
    if (i % 10 === 0 && i + 1 < ADVISORIES) {
      i += 1;
      const twin = {
        ...advisory,
        id: `OSV-${2015 + (i % 11)}-${i}`,
        aliases: [cve, id],
        database_specific: undefined,
      };
      zip.addBuffer(Buffer.from(JSON.stringify(twin)), `${twin.id}.json`);
    }
  }
  zip.end();
  await written;
  renameSync(`${zipPath}.partial`, zipPath);

  // the fleet's versions: most packages with advisories, some without; versions spread over the ranges
  const purls = new Set<string>();
  const nextVersion = random(11);
  while (purls.size < VERSIONS) {
    const pkg = Math.floor(nextVersion() * packages * 1.25);
    const ecosystem = ECOSYSTEMS[pkg % ECOSYSTEMS.length];
    const version = ecosystem.version(
      Math.floor(nextVersion() * 6),
      Math.floor(nextVersion() * 12),
      Math.floor(nextVersion() * 5),
    );
    purls.add(
      `${ecosystem.purl(pkg)}@${
        ecosystem.purlVersion ? ecosystem.purlVersion(version) : version
      }`,
    );
  }
  writeFileSync(purlsPath, JSON.stringify([...purls]));
}

/** One measured run of the collector, in this (fresh) process. */
async function measure() {
  const purls = JSON.parse(readFileSync(purlsPath, 'utf8')) as string[];
  let bytes = 0;
  let readings = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      readings += (
        chunk.toString('utf8').match(/"type":"vulnerabilities"/g) ?? []
      ).length;
      done();
    },
  });
  const atStart = process.resourceUsage();
  const cpuAtStart = atStart.userCPUTime + atStart.systemCPUTime;
  const started = process.hrtime.bigint();
  await runCollector({
    collector: osvCollector,
    publisher: createNdjsonPublisher({ stream: sink }),
    logger: process.env.BENCH_VERBOSE ? undefined : silentLogger,
    config: { source: { type: 'zip', path: zipPath }, purls },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const usage = process.resourceUsage();
  // CPU time too: on a shared machine it moves far less than the wall clock
  const cpuSeconds =
    (usage.userCPUTime + usage.systemCPUTime - cpuAtStart) / 1e6;
  process.stdout.write(
    `${JSON.stringify({
      seconds,
      cpuSeconds,
      peakMiB: usage.maxRSS / 1024,
      readings,
      bytes,
    })}\n`,
  );
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  if (process.argv[2] === 'measure') {
    await measure();
    return;
  }
  if (!existsSync(zipPath) || !existsSync(purlsPath)) {
    const started = Date.now();
    process.stderr.write(
      `generating ${ADVISORIES} advisories and ${VERSIONS} versions under ${dir} ...\n`,
    );
    await generate();
    process.stderr.write(
      `generated in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
  }
  const rounds: {
    seconds: number;
    cpuSeconds: number;
    peakMiB: number;
    readings: number;
    bytes: number;
  }[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, __filename, 'measure'],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        maxBuffer: 1 << 20,
      },
    );
    if (child.status !== 0)
      throw new Error(`round ${round} failed with exit code ${child.status}`);
    const result = JSON.parse(child.stdout.trim().split('\n').pop()!);
    rounds.push(result);
    const megabytes = (result.bytes / 1e6).toFixed(1);
    process.stdout.write(
      `round ${round}: ${result.seconds.toFixed(
        2,
      )} s (CPU ${result.cpuSeconds.toFixed(2)} s), ` +
        `peak RSS ${result.peakMiB.toFixed(0)} MiB, ${
          result.readings
        } readings (${megabytes} MB of batches)\n`,
    );
  }
  const seconds = median(rounds.map(r => r.seconds)).toFixed(2);
  const cpu = median(rounds.map(r => r.cpuSeconds)).toFixed(2);
  const peak = median(rounds.map(r => r.peakMiB)).toFixed(0);
  process.stdout.write(
    `osv: ${VERSIONS} versions against ${ADVISORIES} advisories (all.zip), median of ${ROUNDS} rounds: ` +
      `${seconds} s (CPU ${cpu} s; target < 30 s), peak RSS ${peak} MiB (target < 1024 MiB)\n`,
  );
}

main().catch(error => {
  process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
