import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { isSubset } from './isSubset';

/**
 * One recorded AWS API call: the operation (`DescribeServices`), the input it was called with
 * (matched as a subset) and the output the API answered, as the AWS SDK v3 returns it
 * (timestamps as ISO 8601 strings in the file).
 */
export interface AwsRecording {
  operation: string;
  input?: Record<string, unknown>;
  output?: unknown;
  /** The service's error instead of an output, e.g. `{ "name": "ScanNotFoundException", "message": "..." }`. */
  error?: { name: string; message: string };
}

/** A recorded error of an AWS service, thrown with the service's error name (`ScanNotFoundException`). */
export class RecordedAwsError extends Error {
  readonly $fault = 'client';
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** Thrown when no recording answers a call; names the operation and its input. */
export class RecordingNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecordingNotFoundError';
  }
}

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function mapTimestamps(
  value: unknown,
  convert: (iso: string) => unknown,
): unknown {
  if (typeof value === 'string')
    return ISO_TIMESTAMP.test(value) ? convert(value) : value;
  if (Array.isArray(value))
    return value.map(item => mapTimestamps(item, convert));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, mapTimestamps(v, convert)]),
    );
  }
  return value;
}

/** Reads a JSON file of recordings (an array of {@link AwsRecording}). */
export function loadAwsRecordings(file: string): AwsRecording[] {
  const parsed = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(parsed))
    throw new TypeError(`${file} must hold an array of recordings`);
  return parsed as AwsRecording[];
}

/**
 * The recorded output of a call, with timestamps as `Date`s like the AWS SDK returns them: the
 * recording of this operation whose input is a subset of the call's, the most specific one
 * when several are (so page 2, recorded with its `nextToken`, answers the call that sends it).
 *
 * @example
 * ecsMock.on(ListServicesCommand).callsFake(input => answerFromRecordings(recordings, 'ListServices', input));
 * @throws RecordingNotFoundError when no recording matches
 */
export function answerFromRecordings(
  recordings: AwsRecording[],
  operation: string,
  input: object,
): unknown {
  const call = JSON.parse(JSON.stringify(input ?? {}));
  const candidates = recordings
    .filter(r => r.operation === operation && isSubset(r.input ?? {}, call))
    .sort(
      (a, b) =>
        JSON.stringify(b.input ?? {}).length -
        JSON.stringify(a.input ?? {}).length,
    );
  if (!candidates.length) {
    throw new RecordingNotFoundError(
      `no recording of ${operation} answers the input ${JSON.stringify(call)}`,
    );
  }
  const { error, output } = candidates[0];
  if (error) throw new RecordedAwsError(error.name, error.message);
  return mapTimestamps(output, iso => new Date(iso));
}

/**
 * Serves recordings over the AWS JSON protocol (`X-Amz-Target: <Service>.<Operation>`, the
 * protocol of ECS, ECR and Inspector), timestamps in epoch seconds as AWS sends them, so a
 * collector pointed at it (`endpoint`) runs its real client against the recorded responses:
 * the `--dry-run` of an AWS collector on its fixtures.
 */
export async function startAwsJsonReplayServer(options: {
  recordings: AwsRecording[];
  port?: number;
}): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.slice(target.lastIndexOf('.') + 1);
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      try {
        const input = chunks.length
          ? JSON.parse(Buffer.concat(chunks).toString('utf8'))
          : {};
        const output = answerFromRecordings(
          options.recordings,
          operation,
          input,
        );
        const wire = mapTimestamps(
          JSON.parse(JSON.stringify(output)),
          iso => new Date(iso).getTime() / 1000,
        );
        res.end(JSON.stringify(wire));
      } catch (error) {
        res.statusCode = 400;
        const type =
          error instanceof RecordedAwsError
            ? error.name
            : 'RecordingNotFoundException';
        res.end(
          JSON.stringify({ __type: type, message: (error as Error).message }),
        );
      }
    });
  });
  await new Promise<void>(resolve =>
    server.listen(options.port ?? 0, '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close(e => (e ? reject(e) : resolve())),
      ),
  };
}
