import { IncomingMessage } from 'node:http';
import { ResourceType } from '../registry/types';
import { applyJsonPatch } from '../store/jsonPatch';
import { applyMergePatch } from '../store/mergePatch';
import { PatchError } from '../store/PatchError';
import { applyStrategicMergePatch } from '../store/strategicMergePatch';
import { ApiError } from './ApiError';

export const JSON_PATCH = 'application/json-patch+json';
export const MERGE_PATCH = 'application/merge-patch+json';
export const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';
export const APPLY_PATCH = 'application/apply-patch+yaml';

/** The patch types a resource accepts: custom resources have no patch strategies, so no strategic merge. */
export function patchTypes(type: ResourceType): string[] {
  return type.custom
    ? [JSON_PATCH, MERGE_PATCH, APPLY_PATCH]
    : [JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH, APPLY_PATCH];
}

/** Applies a JSON, merge or strategic merge patch to `existing`; unusable patches are 422 as in the apiserver. */
export function patchDocument(
  contentType: string,
  type: ResourceType,
  existing: unknown,
  patch: unknown,
): unknown {
  if (!patchTypes(type).includes(contentType) || contentType === APPLY_PATCH) {
    throw ApiError.unsupportedMediaType(contentType, patchTypes(type));
  }
  try {
    if (contentType === JSON_PATCH) return applyJsonPatch(existing, patch);
    if (contentType === STRATEGIC_MERGE_PATCH)
      return applyStrategicMergePatch(existing, patch);
    return applyMergePatch(existing, patch);
  } catch (error) {
    if (error instanceof PatchError)
      throw new ApiError(
        422,
        'Invalid',
        `the server rejected our request due to an error in our request: ${error.message}`,
      );
    throw error;
  }
}

/**
 * The field manager of a write: the `fieldManager` parameter, else (for non-apply writes) the
 * client's user agent up to the first `/`, as the apiserver derives it.
 */
export function fieldManagerOf(
  req: IncomingMessage,
  query: URLSearchParams,
): string {
  const explicit = query.get('fieldManager');
  if (explicit !== null) {
    if (explicit.length === 0 || explicit.length > 128)
      throw ApiError.badRequest(
        'fieldManager: Invalid value: must be between 1 and 128 characters',
      );
    return explicit;
  }
  const agent = req.headers['user-agent'] ?? 'unknown';
  return agent.split('/')[0] || 'unknown';
}
