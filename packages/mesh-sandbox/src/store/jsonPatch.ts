import { cloneJson } from '../util/cloneJson';
import { deepEqual } from '../util/deepEqual';
import { PatchError } from './PatchError';

/** One RFC 6902 operation. */
export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: unknown;
}

type Container = Record<string, unknown> | unknown[];

/** RFC 6901: `/a/b~1c/0` → ['a', 'b/c', '0']. */
function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/'))
    throw new PatchError(`invalid JSON pointer "${pointer}"`);
  return pointer
    .slice(1)
    .split('/')
    .map(token => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function isContainer(value: unknown): value is Container {
  return value !== null && typeof value === 'object';
}

function arrayIndex(
  list: unknown[],
  token: string,
  forInsert: boolean,
): number {
  if (forInsert && token === '-') return list.length;
  if (!/^(0|[1-9]\d*)$/.test(token))
    throw new PatchError(`invalid array index "${token}"`);
  const index = Number(token);
  if (index > list.length || (!forInsert && index === list.length))
    throw new PatchError(`array index ${index} is out of bounds`);
  return index;
}

/** The container holding the pointer's last token, and that token. */
function parentOf(
  document: unknown,
  pointer: string,
): { parent: Container; key: string } {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0)
    throw new PatchError(
      'the whole document cannot be the target of this operation',
    );
  let current: unknown = document;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(current))
      current = current[arrayIndex(current, token, false)];
    else if (isContainer(current) && token in current)
      current = (current as Record<string, unknown>)[token];
    else throw new PatchError(`path "${pointer}" does not exist`);
  }
  if (!isContainer(current))
    throw new PatchError(`path "${pointer}" does not exist`);
  return { parent: current, key: tokens[tokens.length - 1] };
}

function read(document: unknown, pointer: string): unknown {
  let current = document;
  for (const token of parsePointer(pointer)) {
    if (Array.isArray(current))
      current = current[arrayIndex(current, token, false)];
    else if (
      isContainer(current) &&
      Object.prototype.hasOwnProperty.call(current, token)
    )
      current = (current as Record<string, unknown>)[token];
    else throw new PatchError(`path "${pointer}" does not exist`);
  }
  return current;
}

function add(document: unknown, pointer: string, value: unknown): unknown {
  if (pointer === '') return value;
  const { parent, key } = parentOf(document, pointer);
  if (Array.isArray(parent))
    parent.splice(arrayIndex(parent, key, true), 0, value);
  else parent[key] = value;
  return document;
}

function remove(document: unknown, pointer: string): unknown {
  const { parent, key } = parentOf(document, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, false), 1);
  else if (Object.prototype.hasOwnProperty.call(parent, key))
    delete parent[key];
  else
    throw new PatchError(
      `unable to remove nonexistent key "${key}" at "${pointer}"`,
    );
  return document;
}

/**
 * Applies a JSON patch (`application/json-patch+json`) to a copy of `target`. Operations apply
 * in order and the whole patch fails if one does (a failed `test` included).
 */
export function applyJsonPatch(target: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch))
    throw new PatchError('a JSON patch must be an array of operations');
  let document = cloneJson(target);
  for (const [i, raw] of patch.entries()) {
    const op = raw as JsonPatchOperation;
    if (!isContainer(op) || typeof op.path !== 'string')
      throw new PatchError(`operation ${i} has no path`);
    const needsValue =
      op.op === 'add' || op.op === 'replace' || op.op === 'test';
    if (needsValue && !('value' in op))
      throw new PatchError(`operation ${i} (${op.op}) has no value`);
    switch (op.op) {
      case 'add':
        document = add(document, op.path, cloneJson(op.value));
        break;
      case 'remove':
        document = remove(document, op.path);
        break;
      case 'replace':
        read(document, op.path);
        document =
          op.path === ''
            ? cloneJson(op.value)
            : add(remove(document, op.path), op.path, cloneJson(op.value));
        break;
      case 'move': {
        if (typeof op.from !== 'string')
          throw new PatchError(`operation ${i} (move) has no from`);
        if (op.path.startsWith(`${op.from}/`))
          throw new PatchError('cannot move a value into one of its children');
        const value = read(document, op.from);
        document = add(remove(document, op.from), op.path, value);
        break;
      }
      case 'copy':
        if (typeof op.from !== 'string')
          throw new PatchError(`operation ${i} (copy) has no from`);
        document = add(document, op.path, cloneJson(read(document, op.from)));
        break;
      case 'test':
        if (!deepEqual(read(document, op.path), op.value))
          throw new PatchError(`testing value ${op.path} failed`);
        break;
      default:
        throw new PatchError(
          `unexpected operation "${String((op as { op: unknown }).op)}"`,
        );
    }
  }
  return document;
}
