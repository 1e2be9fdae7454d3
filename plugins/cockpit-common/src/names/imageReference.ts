import { InvalidNameError } from './parts';

/** The parts of a container image reference (`registry/repository:tag@digest`). */
export interface ImageRef {
  /** Registry host (and port), `docker.io` when the reference names none. */
  registry: string;
  /** Repository path, e.g. `library/nginx` or `team/payment-service`. */
  repository: string;
  tag?: string;
  /** Content digest, e.g. `sha256:4c5f...`. */
  digest?: string;
}

const IMAGE_TAG = /^[\w][\w.-]{0,127}$/;
const IMAGE_DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-f0-9]{32,}$/;
const IMAGE_PATH =
  /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

/**
 * Parses a container image reference the way Docker normalises it: a first component
 * without `.`, `:` or `localhost` is not a registry (then `docker.io`, and a one-part
 * repository is under `library/`).
 *
 * @example
 * parseImageReference('nginx:1.27') // { registry: 'docker.io', repository: 'library/nginx', tag: '1.27' }
 * @throws InvalidNameError naming what is wrong with the reference
 */
export function parseImageReference(image: string): ImageRef {
  if (
    typeof image !== 'string' ||
    image.trim() === '' ||
    image.trim() !== image
  ) {
    throw new InvalidNameError(
      `image reference "${image}" must be a non-empty string without surrounding whitespace`,
    );
  }
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!IMAGE_DIGEST.test(digest)) {
      throw new InvalidNameError(
        `image reference "${image}" has an invalid digest "${digest}"`,
      );
    }
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!IMAGE_TAG.test(tag)) {
      throw new InvalidNameError(
        `image reference "${image}" has an invalid tag "${tag}"`,
      );
    }
  }
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  const hasRegistry =
    slash >= 0 &&
    (first.includes('.') || first.includes(':') || first === 'localhost');
  let registry = hasRegistry ? first.toLowerCase() : 'docker.io';
  let repository = hasRegistry ? rest.slice(slash + 1) : rest;
  if (registry === 'index.docker.io') registry = 'docker.io';
  if (registry === 'docker.io' && !repository.includes('/'))
    repository = `library/${repository}`;
  if (!IMAGE_PATH.test(repository)) {
    throw new InvalidNameError(
      `image reference "${image}" has an invalid repository "${repository}" (lower-case letters, digits, separators)`,
    );
  }
  return {
    registry,
    repository,
    ...(tag ? { tag } : {}),
    ...(digest ? { digest } : {}),
  };
}

/**
 * The tag of an image reference, or undefined when it has none or is no image reference (a
 * collector reading a task definition or a pod spec takes whatever string it finds there).
 *
 * @example
 * imageTag('nginx:1.27') // '1.27'
 */
export function imageTag(image: string | undefined): string | undefined {
  if (!image) return undefined;
  try {
    return parseImageReference(image).tag;
  } catch (error) {
    if (error instanceof InvalidNameError) return undefined;
    throw error;
  }
}
