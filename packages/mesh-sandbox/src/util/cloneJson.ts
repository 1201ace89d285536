/**
 * A deep copy of a JSON value (objects, arrays, strings, numbers, booleans, null). For the plain
 * objects the store keeps it is several times faster than structuredClone, which serializes.
 */
export function cloneJson<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const copy = new Array(value.length);
    for (let i = 0; i < value.length; i += 1) copy[i] = cloneJson(value[i]);
    return copy as T;
  }
  const copy: Record<string, unknown> = {};
  for (const key in value) {
    if (Object.prototype.hasOwnProperty.call(value, key))
      copy[key] = cloneJson((value as Record<string, unknown>)[key]);
  }
  return copy as T;
}
