import { listStrategy } from './patchStrategy';

/**
 * Field paths in the notation of Kubernetes' managedFields (FieldsV1): `f:<field>` for a map
 * field, `k:<json key>` for an item of a list merged by key, `v:<json value>` for a member of a
 * set-like list. A path is an array of such segments; sets of paths are keyed by their JSON.
 */
export type FieldPath = string[];

type Obj = Record<string, unknown>;
const isObject = (value: unknown): value is Obj =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Identity and server-set fields that nobody manages. */
const UNTRACKED_METADATA = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
  'generateName',
]);

/** The leaf paths set in `object` (status excluded: it has its own managers). */
export function leafPaths(object: unknown, custom = false): FieldPath[] {
  const out: FieldPath[] = [];
  if (!isObject(object)) return out;
  for (const [key, value] of Object.entries(object)) {
    if (key === 'apiVersion' || key === 'kind' || key === 'status') continue;
    if (key === 'metadata' && isObject(value)) {
      for (const [metaKey, metaValue] of Object.entries(value)) {
        if (!UNTRACKED_METADATA.has(metaKey))
          walk(
            metaValue,
            ['metadata', metaKey],
            [`f:metadata`, `f:${metaKey}`],
            out,
            custom,
          );
      }
      continue;
    }
    walk(value, [key], [`f:${key}`], out, custom);
  }
  return out;
}

function walk(
  value: unknown,
  names: string[],
  path: FieldPath,
  out: FieldPath[],
  custom: boolean,
): void {
  if (isObject(value) && Object.keys(value).length > 0) {
    for (const [key, child] of Object.entries(value))
      walk(child, [...names, key], [...path, `f:${key}`], out, custom);
    return;
  }
  if (Array.isArray(value) && value.length > 0) {
    const strategy = listStrategy(names, custom);
    if (strategy.kind === 'map') {
      for (const item of value) {
        if (!isObject(item)) continue;
        const itemPath = [
          ...path,
          `k:${JSON.stringify({ [strategy.key]: item[strategy.key] })}`,
        ];
        out.push([...itemPath, '.']);
        for (const [key, child] of Object.entries(item))
          walk(child, [...names, key], [...itemPath, `f:${key}`], out, custom);
      }
      return;
    }
    if (strategy.kind === 'set') {
      for (const item of value)
        out.push([...path, `v:${JSON.stringify(item)}`]);
      return;
    }
  }
  out.push(path);
}

/** The value at a path, or undefined when the object does not have it. */
export function valueAt(
  object: unknown,
  path: FieldPath,
  names: string[] = [],
): unknown {
  if (path.length === 0) return object;
  const [segment, ...rest] = path;
  if (segment === '.') return object;
  if (segment.startsWith('f:')) {
    const field = segment.slice(2);
    return isObject(object)
      ? valueAt(object[field], rest, [...names, field])
      : undefined;
  }
  if (!Array.isArray(object)) return undefined;
  if (segment.startsWith('k:')) {
    const key = JSON.parse(segment.slice(2)) as Obj;
    const [name, wanted] = Object.entries(key)[0];
    return valueAt(
      object.find(
        item =>
          isObject(item) &&
          JSON.stringify(item[name]) === JSON.stringify(wanted),
      ),
      rest,
      names,
    );
  }
  if (segment.startsWith('v:')) {
    const wanted = segment.slice(2);
    return object.find(item => JSON.stringify(item) === wanted);
  }
  return undefined;
}

/** Removes the field at a path from `object` in place; a `k:` item goes when its `.` path is removed. */
export function removeAt(object: unknown, path: FieldPath): void {
  const parentPath = path[path.length - 1] === '.' ? path.slice(0, -1) : path;
  const last = parentPath[parentPath.length - 1];
  const container = valueAt(object, parentPath.slice(0, -1));
  if (last.startsWith('f:') && isObject(container)) {
    delete container[last.slice(2)];
  } else if (Array.isArray(container)) {
    const index = container.findIndex(
      item => valueAt([item], [last]) !== undefined,
    );
    if (index >= 0) container.splice(index, 1);
  }
}

/** FieldsV1 JSON: nested objects keyed by segment, `{}` at leaves. */
export function toFieldsV1(paths: FieldPath[]): Obj {
  const root: Obj = {};
  for (const path of paths) {
    let node = root;
    for (const segment of path) {
      node[segment] ??= {};
      node = node[segment] as Obj;
    }
  }
  return root;
}

export function fromFieldsV1(
  fields: unknown,
  prefix: FieldPath = [],
): FieldPath[] {
  if (!isObject(fields)) return [];
  const entries = Object.entries(fields);
  if (entries.length === 0) return prefix.length > 0 ? [prefix] : [];
  return entries.flatMap(([segment, child]) =>
    fromFieldsV1(child, [...prefix, segment]),
  );
}
