/**
 * Drops zero and undefined fields, except those listed, as Go's `omitempty` does when
 * the real controllers serialize status (so `readyReplicas: 0` is absent, like on a real cluster).
 */
export function omitEmpty<T extends Record<string, unknown>>(
  status: T,
  keep: string[] = [],
): Partial<T> {
  return Object.fromEntries(
    Object.entries(status).filter(
      ([key, value]) =>
        value !== undefined && (value !== 0 || keep.includes(key)),
    ),
  ) as Partial<T>;
}
