import { cloneJson } from '../util/cloneJson';
import { deepEqual } from '../util/deepEqual';
import { listStrategy } from './patchStrategy';
import { PatchError } from './PatchError';

type Obj = Record<string, unknown>;

const isObject = (value: unknown): value is Obj =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const SET_ORDER = '$setElementOrder/';
const DELETE_FROM = '$deleteFromPrimitiveList/';

/**
 * Strategic merge patch (`application/strategic-merge-patch+json`) for built-in kinds: maps merge
 * like a merge patch, lists merge by their patch merge key (containers by name, ...), and the
 * directives kubectl sends are honoured: `$patch: replace|delete|merge`, `$retainKeys`,
 * `$setElementOrder/<list>` and `$deleteFromPrimitiveList/<list>`.
 */
export function applyStrategicMergePatch(
  target: unknown,
  patch: unknown,
  path: string[] = [],
  custom = false,
): unknown {
  if (!isObject(patch)) return cloneJson(patch);
  const directive = patch.$patch;
  if (directive === 'delete') return undefined;
  if (directive === 'replace') return stripDirectives(patch);
  if (directive !== undefined && directive !== 'merge')
    throw new PatchError(`unknown patch directive "${String(directive)}"`);
  const result: Obj = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue;
    if (value === null) {
      delete result[key];
    } else if (Array.isArray(value)) {
      result[key] = mergeList(result[key], value, [...path, key], custom);
    } else if (isObject(value)) {
      const merged = applyStrategicMergePatch(
        result[key],
        value,
        [...path, key],
        custom,
      );
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else {
      result[key] = value;
    }
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith(DELETE_FROM)) {
      const field = key.slice(DELETE_FROM.length);
      const current = result[field];
      if (Array.isArray(current) && Array.isArray(value))
        result[field] = current.filter(
          item => !value.some(v => deepEqual(v, item)),
        );
    } else if (key.startsWith(SET_ORDER)) {
      const field = key.slice(SET_ORDER.length);
      const current = result[field];
      if (Array.isArray(current) && Array.isArray(value))
        result[field] = reorder(current, value, [...path, field], custom);
    }
  }
  if (patch.$retainKeys !== undefined) {
    if (!Array.isArray(patch.$retainKeys))
      throw new PatchError('$retainKeys must be a list of field names');
    const keep = new Set(patch.$retainKeys as string[]);
    for (const key of Object.keys(result))
      if (!keep.has(key)) delete result[key];
  }
  return result;
}

function stripDirectives(value: unknown): unknown {
  if (Array.isArray(value))
    return value
      .filter(
        v =>
          !(
            isObject(v) &&
            v.$patch !== undefined &&
            Object.keys(v).length === 1
          ),
      )
      .map(stripDirectives);
  if (!isObject(value)) return value;
  const out: Obj = {};
  for (const [k, v] of Object.entries(value))
    if (!k.startsWith('$')) out[k] = stripDirectives(v);
  return out;
}

function mergeList(
  live: unknown,
  patch: unknown[],
  path: string[],
  custom: boolean,
): unknown[] {
  const current = Array.isArray(live) ? live : [];
  if (patch.some(item => isObject(item) && item.$patch === 'replace')) {
    return stripDirectives(
      patch.filter(item => !(isObject(item) && item.$patch === 'replace')),
    ) as unknown[];
  }
  const strategy = listStrategy(path, custom);
  if (strategy.kind === 'set') {
    const result = [...current];
    for (const item of patch)
      if (!result.some(existing => deepEqual(existing, item)))
        result.push(item);
    return result;
  }
  if (strategy.kind === 'atomic') return stripDirectives(patch) as unknown[];
  const result = [...current];
  for (const item of patch) {
    if (!isObject(item))
      throw new PatchError(
        `${path.join('.')}: expected objects merged by "${strategy.key}", got ${JSON.stringify(item)}`,
      );
    const index = result.findIndex(
      existing =>
        isObject(existing) &&
        deepEqual(existing[strategy.key], item[strategy.key]),
    );
    if (item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
    } else if (index >= 0) {
      result[index] = applyStrategicMergePatch(
        result[index],
        item,
        path,
        custom,
      );
    } else {
      result.push(applyStrategicMergePatch({}, item, path, custom));
    }
  }
  return result;
}

/** `$setElementOrder`: the listed elements in the listed order, then any others as they were. */
function reorder(
  list: unknown[],
  order: unknown[],
  path: string[],
  custom: boolean,
): unknown[] {
  const strategy = listStrategy(path, custom);
  const keyOf = (item: unknown) =>
    strategy.kind === 'map' && isObject(item) ? item[strategy.key] : item;
  const ordered: unknown[] = [];
  for (const wanted of order) {
    const found = list.find(item => deepEqual(keyOf(item), keyOf(wanted)));
    if (found !== undefined && !ordered.includes(found)) ordered.push(found);
  }
  return [...ordered, ...list.filter(item => !ordered.includes(item))];
}
