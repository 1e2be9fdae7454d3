import { SbomFormatError } from './errors';
import { CycloneDxBom, cycloneDxSbom } from './cyclonedx';
import { Sbom } from './dependencies';
import { SpdxDocument, spdxSbom } from './spdx';

const CYCLONEDX_VERSIONS = /^1\.[2-6]$/;
const SPDX_VERSIONS = ['SPDX-2.2', 'SPDX-2.3'];
const EXPECTED =
  'expected CycloneDX JSON (bomFormat "CycloneDX", specVersion 1.2 to 1.6) or SPDX 2.3 JSON (spdxVersion "SPDX-2.3")';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireArray(
  file: string,
  document: Record<string, unknown>,
  field: string,
) {
  if (document[field] !== undefined && !Array.isArray(document[field])) {
    throw new SbomFormatError(`${file}: ${field} is not an array`);
  }
}

/** The document of a file: JSON, and an object. */
function parseDocument(file: string, text: string): Record<string, unknown> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new SbomFormatError(
      `${file}: not JSON (${(error as Error).message}); ${EXPECTED}`,
      { cause: error },
    );
  }
  if (!isObject(document))
    throw new SbomFormatError(
      `${file}: not an SBOM: the document is not a JSON object; ${EXPECTED}`,
    );
  return document;
}

/** A CycloneDX document of a version this collector reads. */
function readCycloneDx(file: string, document: Record<string, unknown>): Sbom {
  const specVersion = String(document.specVersion ?? '');
  if (!CYCLONEDX_VERSIONS.test(specVersion)) {
    throw new SbomFormatError(
      `${file}: CycloneDX specVersion ${JSON.stringify(
        document.specVersion,
      )} is not read (1.2 to 1.6 are)`,
    );
  }
  requireArray(file, document, 'components');
  return cycloneDxSbom(document as unknown as CycloneDxBom, specVersion);
}

/** An SPDX document of a version this collector reads. */
function readSpdx(
  file: string,
  document: Record<string, unknown> & { spdxVersion: string },
): Sbom {
  if (!SPDX_VERSIONS.includes(document.spdxVersion)) {
    throw new SbomFormatError(
      `${file}: spdxVersion ${JSON.stringify(
        document.spdxVersion,
      )} is not read (SPDX-2.3 and SPDX-2.2 JSON are)`,
    );
  }
  requireArray(file, document, 'packages');
  requireArray(file, document, 'relationships');
  return spdxSbom(document as unknown as SpdxDocument);
}

/**
 * Reads one SBOM, CycloneDX or SPDX JSON, telling the two apart by their own markers.
 *
 * @throws SbomFormatError naming the file and the problem, for a file that is not JSON or
 *   is neither format (or a version of it this collector does not read)
 * @example
 * readSbom({ file: 'payment-service/production.spdx.json', text }).dependencies
 */
export function readSbom({ file, text }: { file: string; text: string }): Sbom {
  const document = parseDocument(file, text);
  if (document.bomFormat === 'CycloneDX') return readCycloneDx(file, document);
  if (typeof document.spdxVersion === 'string')
    return readSpdx(
      file,
      document as Record<string, unknown> & { spdxVersion: string },
    );
  const found =
    'bomFormat' in document
      ? `bomFormat ${JSON.stringify(document.bomFormat)}`
      : 'neither bomFormat nor spdxVersion';
  throw new SbomFormatError(
    `${file}: not an SBOM this collector reads: found ${found}; ${EXPECTED}`,
  );
}
