import type express from 'express';
import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';

/** Checks that a request's credentials hold a permission. */
export type Authorize = (
  req: express.Request,
  permission: BasicPermission,
) => Promise<void>;

/**
 * The permission check of every route: the request's Backstage credentials, decided by the
 * permission framework.
 * @throws NotAllowedError (403) naming the missing permission
 */
export function createAuthorize(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): Authorize {
  const { httpAuth, permissions } = options;
  return async (req, permission) => {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Missing permission ${permission.name}`);
    }
  };
}
