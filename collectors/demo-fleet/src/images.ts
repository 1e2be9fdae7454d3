import {
  names,
  PublishMessageInput,
  RESOURCE_TYPES,
  ReadingValue,
  ResourceRef,
} from '@cockpit/plugin-cockpit-common';
import type { Fleet, ServicePlan } from './plan';
import { hashSeed, SeededRandom } from './random';

type Finding = ReadingValue<'image-vulnerabilities'>['items'][number];

/** An OS package finding of a base image, with its package URL as Trivy gives it. */
const finding = (f: {
  id: string;
  severity: Finding['severity'];
  summary: string;
  /** Present when the distribution has shipped a fix. */
  fixedIn?: string[];
  package: string;
  installedVersion: string;
  distro: string;
  type?: string;
}): Finding => {
  const { distro, type = 'deb', ...rest } = f;
  return {
    ...rest,
    class: 'os',
    purl: `pkg:${type}/${distro.split('-')[0]}/${
      f.package
    }@${encodeURIComponent(f.installedVersion)}?distro=${distro}`,
  };
};

/** The base images of the demo services and what a scanner finds in their older releases. */
const BASE_IMAGES = {
  debian: {
    os: 'debian 12.5',
    findings: [
      finding({
        id: 'CVE-2024-45490',
        severity: 'CRITICAL',
        summary: 'libexpat: Negative Length Parsing Vulnerability in libexpat',
        fixedIn: ['2.5.0-1+deb12u1'],
        package: 'libexpat1',
        installedVersion: '2.5.0-1',
        distro: 'debian-12',
      }),
      finding({
        id: 'CVE-2024-5535',
        severity: 'HIGH',
        summary: 'openssl: SSL_select_next_proto buffer overread',
        fixedIn: ['3.0.14-1~deb12u1'],
        package: 'openssl',
        installedVersion: '3.0.11-1~deb12u2',
        distro: 'debian-12',
      }),
      finding({
        id: 'CVE-2024-2961',
        severity: 'HIGH',
        summary:
          'glibc: Out of bounds write in iconv may lead to remote code execution',
        fixedIn: ['2.36-9+deb12u7'],
        package: 'libc6',
        installedVersion: '2.36-9+deb12u4',
        distro: 'debian-12',
      }),
      finding({
        id: 'CVE-2023-45853',
        severity: 'CRITICAL',
        summary:
          'zlib: integer overflow and resultant heap-based buffer overflow in zipOpenNewFileInZip4_6',
        package: 'zlib1g',
        installedVersion: '1:1.2.13.dfsg-1',
        distro: 'debian-12',
      }),
    ],
  },
  alpine: {
    os: 'alpine 3.19.1',
    findings: [
      finding({
        id: 'CVE-2024-5535',
        severity: 'HIGH',
        summary: 'openssl: SSL_select_next_proto buffer overread',
        fixedIn: ['3.1.6-r0'],
        package: 'libcrypto3',
        installedVersion: '3.1.4-r5',
        distro: 'alpine-3.19',
        type: 'apk',
      }),
      finding({
        id: 'CVE-2023-42366',
        severity: 'MEDIUM',
        summary: 'busybox: A heap-buffer-overflow in awk',
        fixedIn: ['1.36.1-r16'],
        package: 'busybox',
        installedVersion: '1.36.1-r15',
        distro: 'alpine-3.19',
        type: 'apk',
      }),
    ],
  },
} as const;

/** The npm that Node.js base images ship carries a vulnerable cross-spawn: a library baked into the image. */
const NODE_LIBRARY_FINDING: Finding = {
  id: 'CVE-2024-21538',
  severity: 'HIGH',
  summary: 'cross-spawn: regular expression denial of service',
  fixedIn: ['7.0.5'],
  package: 'cross-spawn',
  installedVersion: '7.0.3',
  class: 'library',
  purl: 'pkg:npm/cross-spawn@7.0.3',
};

/** A sidecar some deployments run beside their own image, the same image across the fleet. */
export const SIDECAR_IMAGE = names.containerImage({
  image: 'envoyproxy/envoy:v1.29.1',
});

const SIDECAR_FINDINGS: Finding[] = [
  finding({
    id: 'CVE-2024-5535',
    severity: 'HIGH',
    summary: 'openssl: SSL_select_next_proto buffer overread',
    fixedIn: ['3.0.2-0ubuntu1.17'],
    package: 'libssl3',
    installedVersion: '3.0.2-0ubuntu1.15',
    distro: 'ubuntu-22.04',
  }),
];

/** Which base image a service builds on (the demo services: fixed, so the story is always there). */
function baseOf(fleet: Fleet, plan: ServicePlan) {
  if (plan.name === 'catalog-service') return BASE_IMAGES.alpine;
  if (plan.name === 'payment-service' || plan.name === 'checkout-service')
    return BASE_IMAGES.debian;
  const random = new SeededRandom(
    hashSeed(fleet.options.seed, 'base', plan.name),
  );
  return random.next() < 0.7 ? BASE_IMAGES.debian : BASE_IMAGES.alpine;
}

/** Whether a service's deployments run the sidecar (one in three; checkout-service does). */
function runsSidecar(fleet: Fleet, plan: ServicePlan): boolean {
  if (plan.name === 'checkout-service') return true;
  if (plan.name === 'payment-service' || plan.name === 'catalog-service')
    return false;
  return (
    new SeededRandom(
      hashSeed(fleet.options.seed, 'sidecar', plan.name),
    ).next() <
    1 / 3
  );
}

const imageVulnerabilities = (
  fleet: Fleet,
  os: string,
  items: Finding[],
): ReadingValue<'image-vulnerabilities'> => ({
  source: 'image',
  scanner: 'ecr+trivy',
  scannedAt: fleet.now.toISOString(),
  os,
  items,
});

/**
 * The images of one deployment, as the runtime and container-images collectors publish them:
 * its own image (a `ContainerImage` with `image-vulnerabilities`: production runs the older
 * base, the other environments a patched one with only the unfixed findings) and the
 * deployment's `deployment-images` link, the sidecar included.
 */
export function* deploymentImageMessages(args: {
  fleet: Fleet;
  plan: ServicePlan;
  environment: string;
  deploymentRef: ResourceRef;
  image: string;
}): Generator<PublishMessageInput> {
  const { fleet, plan, environment } = args;
  const collectedAt = fleet.now.toISOString();
  const image = names.containerImage({ image: args.image });
  const base = baseOf(fleet, plan);
  const findings: Finding[] = [
    ...base.findings,
    ...(plan.language === 'typescript' ? [NODE_LIBRARY_FINDING] : []),
  ].filter(f => environment === 'production' || !f.fixedIn);
  yield { kind: 'resource', type: RESOURCE_TYPES.ContainerImage, name: image };
  yield {
    kind: 'reading',
    type: 'image-vulnerabilities',
    storageMode: 'SNAPSHOT',
    resource: { type: RESOURCE_TYPES.ContainerImage, name: image },
    value: imageVulnerabilities(fleet, base.os, findings),
    collectedAt,
  };
  yield {
    kind: 'reading',
    type: 'deployment-images',
    storageMode: 'SNAPSHOT',
    resource: args.deploymentRef,
    value: {
      images: runsSidecar(fleet, plan) ? [image, SIDECAR_IMAGE] : [image],
    },
    collectedAt,
  };
}

/** The images shared across the fleet (the sidecar), published once. */
export function* sharedImageMessages(
  fleet: Fleet,
): Generator<PublishMessageInput> {
  const resource = { type: RESOURCE_TYPES.ContainerImage, name: SIDECAR_IMAGE };
  yield { kind: 'resource', ...resource };
  yield {
    kind: 'reading',
    type: 'image-vulnerabilities',
    storageMode: 'SNAPSHOT',
    resource,
    value: imageVulnerabilities(fleet, 'ubuntu 22.04', SIDECAR_FINDINGS),
    collectedAt: fleet.now.toISOString(),
  };
}
