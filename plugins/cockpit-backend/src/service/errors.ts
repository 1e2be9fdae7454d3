import { CustomErrorBase, InputError } from '@backstage/errors';

/** A request body in a media type the route does not take: answered 415. */
export class UnsupportedMediaTypeError extends CustomErrorBase {
  name = 'UnsupportedMediaTypeError' as const;
  /** Read by Backstage's error middleware. */
  readonly statusCode = 415;
}

/**
 * `POST /ingest` of a body that is not a publish batch at all (not JSON, not the envelope):
 * answered 400. The body is stored as received in `rejections`; `rejectionId` is its row.
 */
export class BatchRejectedError extends InputError {
  readonly rejectionId: string | undefined;

  constructor(reason: string, rejectionId: string | undefined) {
    super(
      `not a publish batch: ${reason}${
        rejectionId
          ? ` (stored as rejection ${rejectionId}, listed by GET /rejections)`
          : ''
      }`,
    );
    this.rejectionId = rejectionId;
  }
}
