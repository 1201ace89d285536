import { JsonSchema } from './types';

/**
 * Structural-schema handling for custom resources, as the apiserver does it: unknown
 * fields are pruned (and reported, for fieldValidation=Strict/Warn), then values are
 * checked against the OpenAPI v3 value validations. CEL rules (x-kubernetes-validations)
 * are not evaluated.
 */

export interface SchemaProblem {
  field: string;
  /** A Status cause reason, e.g. FieldValueRequired. */
  reason: string;
  message: string;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number')
    return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function render(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
}

const OBJECT_META_KEYS = new Set(['apiVersion', 'kind', 'metadata']);

/**
 * Returns a copy of `value` without fields the schema does not declare, and the paths of those fields.
 * At the root (and in embedded resources) apiVersion, kind and metadata are always kept.
 */
export function pruneUnknownFields(
  value: unknown,
  schema: JsonSchema | undefined,
  path = '',
  isRoot = true,
): { value: unknown; unknownFields: string[] } {
  const unknownFields: string[] = [];
  const prune = (
    current: unknown,
    s: JsonSchema | undefined,
    at: string,
    keepMeta: boolean,
  ): unknown => {
    if (!s) {
      return current;
    }
    if (Array.isArray(current)) {
      return s.items
        ? current.map((item, i) => prune(item, s.items, `${at}[${i}]`, false))
        : current;
    }
    if (!isPlainObject(current)) {
      return current;
    }
    const keepUnknown = s['x-kubernetes-preserve-unknown-fields'] === true;
    const embedded = keepMeta || s['x-kubernetes-embedded-resource'] === true;
    const result: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(current)) {
      const childPath = at ? `${at}.${key}` : key;
      const declared = s.properties?.[key];
      if (declared) {
        result[key] = prune(child, declared, childPath, false);
      } else if (isPlainObject(s.additionalProperties)) {
        result[key] = prune(child, s.additionalProperties, childPath, false);
      } else if (
        keepUnknown ||
        s.additionalProperties === true ||
        (embedded && OBJECT_META_KEYS.has(key))
      ) {
        result[key] = child;
      } else {
        unknownFields.push(childPath);
      }
    }
    return result;
  };
  return { value: prune(value, schema, path, isRoot), unknownFields };
}

/** Checks `value` against the schema's value validations; `path` prefixes every reported field. */
export function validateAgainstSchema(
  value: unknown,
  schema: JsonSchema | undefined,
  path = '',
): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const field = (at: string) => at || '<root>';
  function visit(
    current: unknown,
    s: JsonSchema | undefined,
    at: string,
  ): void {
    if (!s || current === undefined) {
      return;
    }
    if (current === null) {
      if (!s.nullable && s.type !== undefined) {
        problems.push({
          field: field(at),
          reason: 'FieldValueTypeInvalid',
          message: `Invalid value: "null": ${field(at)} in body must be of type ${s.type}: "null"`,
        });
      }
      return;
    }
    const actual = jsonType(current);
    if (s['x-kubernetes-int-or-string']) {
      if (actual !== 'integer' && actual !== 'string') {
        problems.push({
          field: field(at),
          reason: 'FieldValueTypeInvalid',
          message: `Invalid value: ${render(current)}: ${field(at)} in body must be of type integer or string: "${actual}"`,
        });
        return;
      }
    } else if (
      s.type &&
      !(s.type === actual || (s.type === 'number' && actual === 'integer'))
    ) {
      problems.push({
        field: field(at),
        reason: 'FieldValueTypeInvalid',
        message: `Invalid value: "${actual}": ${field(at)} in body must be of type ${s.type}: "${actual}"`,
      });
      return;
    }
    if (
      s.enum &&
      !s.enum.some(
        allowed => JSON.stringify(allowed) === JSON.stringify(current),
      )
    ) {
      problems.push({
        field: field(at),
        reason: 'FieldValueNotSupported',
        message: `Unsupported value: ${render(current)}: supported values: ${s.enum.map(render).join(', ')}`,
      });
    }
    if (typeof current === 'string') {
      if (s.maxLength !== undefined && current.length > s.maxLength) {
        problems.push({
          field: field(at),
          reason: 'FieldValueTooLong',
          message: `Too long: may not be more than ${s.maxLength} bytes`,
        });
      }
      if (s.minLength !== undefined && current.length < s.minLength) {
        problems.push({
          field: field(at),
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${render(current)}: ${field(at)} in body should be at least ${s.minLength} chars long`,
        });
      }
      if (
        s.pattern !== undefined &&
        safeRegExp(s.pattern)?.test(current) === false
      ) {
        problems.push({
          field: field(at),
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${render(current)}: ${field(at)} in body should match '${s.pattern}'`,
        });
      }
    }
    if (typeof current === 'number') {
      if (
        s.maximum !== undefined &&
        (s.exclusiveMaximum ? current >= s.maximum : current > s.maximum)
      ) {
        problems.push({
          field: field(at),
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${current}: ${field(at)} in body should be less than ${s.exclusiveMaximum ? '' : 'or equal to '}${s.maximum}`,
        });
      }
      if (
        s.minimum !== undefined &&
        (s.exclusiveMinimum ? current <= s.minimum : current < s.minimum)
      ) {
        problems.push({
          field: field(at),
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${current}: ${field(at)} in body should be greater than ${s.exclusiveMinimum ? '' : 'or equal to '}${s.minimum}`,
        });
      }
    }
    if (Array.isArray(current)) {
      if (s.maxItems !== undefined && current.length > s.maxItems) {
        problems.push({
          field: field(at),
          reason: 'FieldValueTooMany',
          message: `Too many: ${current.length}: must have at most ${s.maxItems} items`,
        });
      }
      if (s.minItems !== undefined && current.length < s.minItems) {
        problems.push({
          field: field(at),
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${current.length}: ${field(at)} in body should have at least ${s.minItems} items`,
        });
      }
      current.forEach((item, i) => visit(item, s.items, `${at}[${i}]`));
    }
    if (isPlainObject(current)) {
      for (const required of s.required ?? []) {
        if (!(required in current)) {
          problems.push({
            field: at ? `${at}.${required}` : required,
            reason: 'FieldValueRequired',
            message: 'Required value',
          });
        }
      }
      const count = Object.keys(current).length;
      if (s.maxProperties !== undefined && count > s.maxProperties) {
        problems.push({
          field: field(at),
          reason: 'FieldValueTooMany',
          message: `Too many: ${count}: must have at most ${s.maxProperties} items`,
        });
      }
      if (s.minProperties !== undefined && count < s.minProperties) {
        problems.push({
          field: field(at),
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${count}: ${field(at)} in body should have at least ${s.minProperties} properties`,
        });
      }
      for (const [key, child] of Object.entries(current)) {
        const childPath = at ? `${at}.${key}` : key;
        const declared = s.properties?.[key];
        if (declared) {
          visit(child, declared, childPath);
        } else if (isPlainObject(s.additionalProperties)) {
          visit(child, s.additionalProperties, childPath);
        }
      }
    }
    checkCombinators(current, s, at);
  }

  // oneOf/anyOf/allOf/not in structural schemas carry only value validations (Istio uses them for
  // mutually exclusive fields), so they are checked without pruning.
  function checkCombinators(current: unknown, s: JsonSchema, at: string): void {
    const passes = (sub: JsonSchema) =>
      validateAgainstSchema(current, sub, at).length === 0;
    for (const sub of s.allOf ?? []) {
      visit(current, sub, at);
    }
    if (s.anyOf && !s.anyOf.some(passes)) {
      problems.push({
        field: field(at),
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${render(current)}: ${field(at)} in body must validate at least one schema (anyOf)`,
      });
    }
    if (s.oneOf && s.oneOf.filter(passes).length !== 1) {
      problems.push({
        field: field(at),
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${render(current)}: ${field(at)} in body must validate one and only one schema (oneOf)`,
      });
    }
    if (s.not && passes(s.not)) {
      problems.push({
        field: field(at),
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${render(current)}: ${field(at)} in body must not validate the schema (not)`,
      });
    }
  }

  visit(value, schema, path);
  return problems;
}

const regExpCache = new Map<string, RegExp | undefined>();

/** Schema patterns are Go RE2; the few that JavaScript cannot compile are skipped rather than failing every write. */
function safeRegExp(pattern: string): RegExp | undefined {
  if (!regExpCache.has(pattern)) {
    try {
      regExpCache.set(pattern, new RegExp(pattern, 'u'));
    } catch {
      regExpCache.set(pattern, undefined);
    }
  }
  return regExpCache.get(pattern);
}
