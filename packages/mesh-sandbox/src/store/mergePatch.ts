import { cloneJson } from '../util/cloneJson';
/** JSON merge patch (RFC 7386), what `application/merge-patch+json` means to the apiserver. */

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Applies `patch` to `target` without modifying either. Objects merge key by key,
 * `null` removes a key, and anything else (arrays included) replaces the old value whole.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) {
    return cloneJson(patch);
  }
  const result: Record<string, unknown> = isPlainObject(target)
    ? { ...target }
    : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
    } else {
      result[key] = applyMergePatch(result[key], value);
    }
  }
  return result;
}
