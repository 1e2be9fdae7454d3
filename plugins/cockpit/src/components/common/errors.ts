import { NotFoundError } from '@backstage/errors';

/** Whether an error of the Cockpit client means "no such resource" (a 404 in any of its forms). */
export function isNotFound(error: Error): boolean {
  return (
    error.name === NotFoundError.name ||
    (error as { statusCode?: number }).statusCode === 404 ||
    (error as { response?: { status?: number } }).response?.status === 404
  );
}
