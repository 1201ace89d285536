import { deepEqual } from '../util/deepEqual';
import {
  FieldPath,
  fromFieldsV1,
  leafPaths,
  removeAt,
  toFieldsV1,
  valueAt,
} from './fieldPaths';
import { applyStrategicMergePatch } from './strategicMergePatch';
import { KubeObject } from './types';

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

export interface FieldConflict {
  manager: string;
  apiVersion: string;
  path: FieldPath;
}

const keyOf = (path: FieldPath) => JSON.stringify(path);

/** `.spec.template.spec.containers[name="app"].image`, as the apiserver prints conflicting fields. */
export function formatFieldPath(path: FieldPath): string {
  return path
    .filter(s => s !== '.')
    .map(segment => {
      if (segment.startsWith('f:')) return `.${segment.slice(2)}`;
      if (segment.startsWith('k:'))
        return `[${Object.entries(
          JSON.parse(segment.slice(2)) as Record<string, unknown>,
        )
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join(',')}]`;
      return `[${segment.slice(2)}]`;
    })
    .join('');
}

function entriesOf(object: KubeObject | undefined): ManagedFieldsEntry[] {
  return (
    (object?.metadata.managedFields as ManagedFieldsEntry[] | undefined) ?? []
  ).map(e => ({ ...e }));
}

function pathsOf(entry: ManagedFieldsEntry): Set<string> {
  return new Set(fromFieldsV1(entry.fieldsV1).map(keyOf));
}

function withPaths(
  entry: ManagedFieldsEntry,
  keys: Set<string>,
  time: string,
  changed: boolean,
): ManagedFieldsEntry {
  return {
    ...entry,
    time: changed ? time : entry.time,
    fieldsV1: toFieldsV1([...keys].map(k => JSON.parse(k) as FieldPath)),
  };
}

/**
 * Ownership after a create, update or non-apply patch by `manager`: it takes every field whose
 * value it set or changed, other managers lose those, and fields that disappeared are nobody's.
 */
export function recordUpdate(
  previous: KubeObject | undefined,
  next: KubeObject,
  manager: string,
  apiVersion: string,
  time: string,
  custom = false,
): ManagedFieldsEntry[] {
  const before = new Map(
    leafPaths(previous ?? {}, custom).map(p => [keyOf(p), p]),
  );
  const after = leafPaths(next, custom);
  const afterKeys = new Set(after.map(keyOf));
  const changed = new Set(
    after
      .filter(
        p =>
          !before.has(keyOf(p)) ||
          !deepEqual(valueAt(previous, p), valueAt(next, p)),
      )
      .map(keyOf),
  );
  const result: ManagedFieldsEntry[] = [];
  let mine: ManagedFieldsEntry | undefined;
  for (const entry of entriesOf(previous)) {
    if (entry.subresource) {
      result.push(entry);
      continue;
    }
    const keys = pathsOf(entry);
    const kept = new Set(
      [...keys].filter(k => afterKeys.has(k) && !changed.has(k)),
    );
    if (entry.manager === manager && entry.operation === 'Update') {
      mine = entry;
      continue;
    }
    if (kept.size > 0)
      result.push(
        kept.size === keys.size ? entry : withPaths(entry, kept, time, false),
      );
  }
  const previousMine = mine
    ? [...pathsOf(mine)].filter(k => afterKeys.has(k))
    : [];
  const myKeys = new Set([...previousMine, ...changed]);
  if (myKeys.size > 0) {
    const grew =
      !mine ||
      myKeys.size !== pathsOf(mine).size ||
      [...myKeys].some(k => !pathsOf(mine!).has(k));
    const base: ManagedFieldsEntry = mine ?? {
      manager,
      operation: 'Update',
      apiVersion,
      time,
      fieldsType: 'FieldsV1',
      fieldsV1: {},
    };
    result.push(withPaths({ ...base, apiVersion }, myKeys, time, grew));
  }
  return result;
}

export type ApplyOutcome =
  | { ok: true; object: KubeObject; managedFields: ManagedFieldsEntry[] }
  | { ok: false; conflicts: FieldConflict[] };

/**
 * Server-side apply: `applied` is the manager's whole intent. Fields it sets that another manager
 * owns with a different value conflict (unless forced, which takes them over); fields this
 * manager applied before and now leaves out are removed unless someone else owns them.
 */
export function serverSideApply(
  live: KubeObject | undefined,
  applied: KubeObject,
  manager: string,
  apiVersion: string,
  force: boolean,
  time: string,
  custom = false,
): ApplyOutcome {
  const appliedPaths = leafPaths(applied, custom);
  const appliedKeys = new Set(appliedPaths.map(keyOf));
  const entries = entriesOf(live);
  const conflicts: FieldConflict[] = [];
  const others: Array<{ entry: ManagedFieldsEntry; keys: Set<string> }> = [];
  let previousApply = new Set<string>();
  let mineEntry: ManagedFieldsEntry | undefined;
  for (const entry of entries) {
    const keys = pathsOf(entry);
    if (
      entry.manager === manager &&
      entry.operation === 'Apply' &&
      !entry.subresource
    ) {
      previousApply = keys;
      mineEntry = entry;
      continue;
    }
    if (!entry.subresource) {
      for (const path of appliedPaths) {
        const key = keyOf(path);
        if (
          keys.has(key) &&
          !deepEqual(valueAt(live, path), valueAt(applied, path))
        ) {
          conflicts.push({
            manager: entry.manager,
            apiVersion: entry.apiVersion,
            path,
          });
          if (force) keys.delete(key);
        }
      }
    }
    others.push({ entry, keys });
  }
  if (conflicts.length > 0 && !force) return { ok: false, conflicts };

  const merged = applyStrategicMergePatch(
    live ?? {},
    applied,
    [],
    custom,
  ) as KubeObject;
  const ownedByOthers = new Set(others.flatMap(o => [...o.keys]));
  // Whole list items (their `.` path) go first, so later removals inside them find nothing to do
  // rather than stripping an item's merge key and losing track of it.
  const dropped = [...previousApply]
    .filter(k => !appliedKeys.has(k) && !ownedByOthers.has(k))
    .map(k => JSON.parse(k) as FieldPath);
  const isItem = (p: FieldPath) => p[p.length - 1] === '.';
  dropped.sort(
    (a, b) =>
      Number(isItem(b)) - Number(isItem(a)) ||
      (isItem(a) ? a.length - b.length : b.length - a.length),
  );
  for (const path of dropped) removeAt(merged, path);
  // A map or list emptied by those removals goes too, unless someone owns it as a value.
  const stillOwned = new Set([...ownedByOthers, ...appliedKeys]);
  for (const path of dropped) {
    for (let length = path.length - 1; length > 0; length -= 1) {
      const parent = path.slice(0, length);
      if (parent[parent.length - 1].startsWith('k:')) continue; // an item is judged by its list
      if (stillOwned.has(keyOf(parent))) break;
      const value = valueAt(merged, parent);
      const empty = Array.isArray(value)
        ? value.length === 0
        : value !== null &&
          typeof value === 'object' &&
          Object.keys(value).length === 0;
      if (!empty) break;
      removeAt(merged, parent);
    }
  }

  const managedFields = others
    .filter(o => o.keys.size > 0)
    .map(o =>
      o.keys.size === pathsOf(o.entry).size
        ? o.entry
        : withPaths(o.entry, o.keys, time, false),
    );
  const changed =
    !mineEntry ||
    previousApply.size !== appliedKeys.size ||
    [...appliedKeys].some(k => !previousApply.has(k));
  const base: ManagedFieldsEntry = mineEntry ?? {
    manager,
    operation: 'Apply',
    apiVersion,
    time,
    fieldsType: 'FieldsV1',
    fieldsV1: {},
  };
  managedFields.push(
    withPaths({ ...base, apiVersion }, appliedKeys, time, changed),
  );
  return { ok: true, object: merged, managedFields };
}
