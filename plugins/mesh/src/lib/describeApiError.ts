import { ResponseError } from '@backstage/errors';

/**
 * The sentence to show a user for a failed call. A `ResponseError`'s own message is only
 * "Request failed with 409 Conflict"; the backend's explanation (which names the field or the
 * duplicate) is in the parsed error body, so prefer that.
 */
export function describeApiError(error: unknown): string {
  if (error instanceof ResponseError) {
    return error.body?.error?.message || error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
