import { parseDuration } from './duration';
import { FieldIssue } from './finding';
import { CelCheck, SchemaNode } from './schemaTypes';

/** Appends a property name to a field path the way people write it (`spec.http[0].route`). */
export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) return base ? `${base}.${key}` : key;
  return `${base}[${JSON.stringify(key)}]`;
}

/**
 * Field paths are built only when an issue is reported: validating a large mesh visits millions
 * of fields and almost all of them are fine, so the path is a linked list until then.
 */
type Path = { up: Path; key: string | number } | undefined;

function render(p: Path): string {
  if (!p) return '';
  return joinPath(render(p.up), p.key);
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

// Kubernetes compiles schema patterns as RE2; JavaScript's engine accepts the patterns the CRDs use.
// A pattern JS cannot compile is skipped rather than turned into a false finding.
const patternCache = new Map<string, RegExp | null>();
function compiled(pattern: string): RegExp | null {
  let re = patternCache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      re = null;
    }
    patternCache.set(pattern, re);
  }
  return re;
}

const INT32 = 2 ** 31;

/**
 * Validates a value against a structural OpenAPI v3 schema as the Kubernetes API server would
 * (types, unknown fields, required, enum, bounds, patterns, oneOf/anyOf/not) plus the CEL rule
 * shapes pre-compiled by the generator. Every issue carries its field path.
 */
export class SchemaValidator {
  constructor(private readonly defs: SchemaNode[]) {}

  validate(value: unknown, schema: SchemaNode, path = ''): FieldIssue[] {
    const issues: FieldIssue[] = [];
    this.walk(value, schema, undefined, issues);
    return path
      ? issues.map(i => ({ ...i, path: i.path ? `${path}.${i.path}` : path }))
      : issues;
  }

  private resolve(s: SchemaNode): SchemaNode {
    return s.$ref !== undefined ? this.defs[s.$ref] : s;
  }

  /** Whether a value satisfies a schema: used for oneOf/anyOf/not branches. */
  private matches(value: unknown, schema: SchemaNode, path: Path): boolean {
    // Istio's exclusive-field idiom uses branches that only list `required` fields (sometimes
    // under not/anyOf); answer those directly instead of walking and collecting issues.
    const s = this.resolve(schema);
    if (
      s.required &&
      !s.type &&
      !s.properties &&
      !s.not &&
      !s.anyOf &&
      !s.oneOf &&
      !s.allOf
    ) {
      const o = value as Record<string, unknown>;
      return (
        !!o &&
        typeof o === 'object' &&
        s.required.every(r => o[r] !== undefined)
      );
    }
    if (s.not && !s.type && !s.required && !s.anyOf && !s.oneOf)
      return !this.matches(value, s.not, path);
    if (s.anyOf && !s.type && !s.required && !s.oneOf && !s.not)
      return s.anyOf.some(sub => this.matches(value, sub, path));
    const issues: FieldIssue[] = [];
    this.walk(value, schema, path, issues);
    return issues.length === 0;
  }

  private walk(
    value: unknown,
    raw: SchemaNode,
    path: Path,
    out: FieldIssue[],
  ): void {
    const s = this.resolve(raw);
    if (value === null) {
      if (!s.nullable && s.type)
        out.push({ path: render(path), message: `must not be null` });
      return;
    }
    const actual = typeOf(value);
    if (s.intOrString) {
      if (actual !== 'integer' && actual !== 'string')
        out.push({
          path: render(path),
          message: `must be an integer or a string, not ${actual}`,
        });
    } else if (s.type) {
      const ok =
        s.type === actual || (s.type === 'number' && actual === 'integer');
      if (!ok) {
        out.push({
          path: render(path),
          message: `must be of type ${s.type}, not ${actual}`,
        });
        return;
      }
    }
    if (s.enum && !s.enum.some(e => e === value)) {
      out.push({
        path: render(path),
        message: `must be one of ${s.enum.map(e => JSON.stringify(e)).join(', ')}; got ${JSON.stringify(value)}`,
      });
    }
    switch (actual) {
      case 'string':
        this.checkString(value as string, s, path, out);
        break;
      case 'integer':
      case 'number':
        this.checkNumber(value as number, s, path, out);
        break;
      case 'array':
        this.checkArray(value as unknown[], s, path, out);
        break;
      case 'object':
        this.checkObject(value as Record<string, unknown>, s, path, out);
        break;
      default:
    }
    this.checkCombinators(value, s, path, out);
    for (const c of s.cel ?? []) this.checkCel(value, c, path, out);
  }

  private checkString(v: string, s: SchemaNode, path: Path, out: FieldIssue[]) {
    const len = [...v].length;
    if (s.minLength !== undefined && len < s.minLength)
      out.push({
        path: render(path),
        message: `must be at least ${s.minLength} characters long`,
      });
    if (s.maxLength !== undefined && len > s.maxLength)
      out.push({
        path: render(path),
        message: `must be at most ${s.maxLength} characters long`,
      });
    if (s.pattern) {
      const re = compiled(s.pattern);
      if (re && !re.test(v))
        out.push({
          path: render(path),
          message: `${JSON.stringify(v)} does not match pattern ${s.pattern}`,
        });
    }
  }

  private checkNumber(v: number, s: SchemaNode, path: Path, out: FieldIssue[]) {
    if (
      s.minimum !== undefined &&
      (s.exclusiveMinimum ? v <= s.minimum : v < s.minimum)
    ) {
      out.push({
        path: render(path),
        message: `must be ${s.exclusiveMinimum ? 'greater than' : 'at least'} ${s.minimum}; got ${v}`,
      });
    }
    if (
      s.maximum !== undefined &&
      (s.exclusiveMaximum ? v >= s.maximum : v > s.maximum)
    ) {
      out.push({
        path: render(path),
        message: `must be ${s.exclusiveMaximum ? 'less than' : 'at most'} ${s.maximum}; got ${v}`,
      });
    }
    if (s.format === 'int32' && (v < -INT32 || v >= INT32))
      out.push({
        path: render(path),
        message: `must fit in a 32-bit integer; got ${v}`,
      });
    if (s.format === 'uint32' && (v < 0 || v >= 2 * INT32))
      out.push({
        path: render(path),
        message: `must fit in an unsigned 32-bit integer; got ${v}`,
      });
  }

  private checkArray(
    v: unknown[],
    s: SchemaNode,
    path: Path,
    out: FieldIssue[],
  ) {
    if (s.minItems !== undefined && v.length < s.minItems)
      out.push({
        path: render(path),
        message: `must have at least ${s.minItems} item(s)`,
      });
    if (s.maxItems !== undefined && v.length > s.maxItems)
      out.push({
        path: render(path),
        message: `must have at most ${s.maxItems} items`,
      });
    if (s.items)
      v.forEach((item, i) =>
        this.walk(item, s.items as SchemaNode, { up: path, key: i }, out),
      );
  }

  private checkObject(
    v: Record<string, unknown>,
    s: SchemaNode,
    path: Path,
    out: FieldIssue[],
  ) {
    const keys = Object.keys(v);
    for (const r of s.required ?? []) {
      if (v[r] === undefined)
        out.push({
          path: render({ up: path, key: r }),
          message: `is required`,
        });
    }
    if (s.minProperties !== undefined && keys.length < s.minProperties)
      out.push({
        path: render(path),
        message: `must have at least ${s.minProperties} entries`,
      });
    if (s.maxProperties !== undefined && keys.length > s.maxProperties)
      out.push({
        path: render(path),
        message: `must have at most ${s.maxProperties} entries`,
      });
    const props = s.properties;
    for (const k of keys) {
      const child = v[k];
      const p: Path = { up: path, key: k };
      if (props && props[k]) {
        this.walk(child, props[k], p, out);
      } else if (typeof s.additionalProperties === 'object') {
        this.walk(child, s.additionalProperties, p, out);
      } else if (
        s.additionalProperties === false ||
        (props && !s.preserve && s.additionalProperties !== true)
      ) {
        out.push({ path: render(p), message: `unknown field "${k}"` });
      }
    }
  }

  private checkCombinators(
    value: unknown,
    s: SchemaNode,
    path: Path,
    out: FieldIssue[],
  ) {
    if (s.allOf) for (const sub of s.allOf) this.walk(value, sub, path, out);
    if (s.anyOf && !s.anyOf.some(sub => this.matches(value, sub, path))) {
      out.push({
        path: render(path),
        message:
          describeAlternatives(s.anyOf, f => `one of ${f} must be set`) ??
          'must match at least one allowed form',
      });
    }
    if (s.oneOf) {
      const n = s.oneOf.filter(sub => this.matches(value, sub, path)).length;
      if (n !== 1)
        out.push({
          path: render(path),
          message:
            describeAlternatives(s.oneOf, f => `only one of ${f} may be set`) ??
            'must match exactly one allowed form',
        });
    }
    if (s.not && this.matches(value, s.not, path))
      out.push({ path: render(path), message: 'is not allowed in this form' });
  }

  private checkCel(value: unknown, c: CelCheck, path: Path, out: FieldIssue[]) {
    const fail = (fallback: string) =>
      out.push({ path: render(path), message: c.m ?? fallback });
    const obj =
      value && typeof value === 'object' && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : undefined;
    switch (c.k) {
      case 'durMin': {
        if (typeof value !== 'string') return;
        const ms = parseDuration(value);
        const min = parseDuration(c.v) ?? 0;
        if (ms === undefined)
          out.push({
            path: render(path),
            message: `${JSON.stringify(value)} is not a duration (e.g. 1.5s, 100ms)`,
          });
        else if (ms < min) fail(`must be at least ${c.v}`);
        return;
      }
      case 'port':
        if (typeof value === 'number' && !(value > 0 && value <= 65535))
          fail('port must be between 1 and 65535');
        return;
      case 'noStar':
        if (typeof value === 'string' && value.includes('*'))
          fail('wildcard not allowed');
        return;
      case 'notStar':
        if (value === '*') fail('"*" is not allowed');
        return;
      case 'keysNoStar':
        if (obj && Object.keys(obj).some(k => k.includes('*')))
          fail('wildcard not allowed in keys');
        return;
      case 'keysNonEmpty':
        if (obj && Object.keys(obj).some(k => k.length === 0))
          fail('key must not be empty');
        return;
      case 'empty':
        if (
          (Array.isArray(value) && value.length) ||
          (typeof value === 'string' && value.length) ||
          (obj && Object.keys(obj).length)
        )
          fail('must be empty');
        return;
      case 'anyOf':
        if (obj && !c.f.some(f => obj[f] !== undefined))
          fail(`one of ${c.f.join(', ')} must be set`);
        return;
      case 'oneOf':
        if (obj && c.f.filter(f => obj[f] !== undefined).length > 1)
          fail(`at most one of ${c.f.join(', ')} may be set`);
        return;
      case 'unique':
        if (Array.isArray(value)) {
          const seen = value.map(x =>
            x && typeof x === 'object'
              ? (x as Record<string, unknown>)[c.f]
              : undefined,
          );
          if (new Set(seen).size !== seen.length) fail(`${c.f} must be unique`);
        }
        return;
      case 'scheme':
        if (typeof value === 'string') {
          const scheme = /^([a-z][a-z0-9+.-]*):/i
            .exec(value)?.[1]
            ?.toLowerCase();
          if (!scheme || !c.v.includes(scheme))
            fail(`scheme must be one of ${c.v.join(', ')}`);
        }
        return;
      default:
    }
  }
}

/** Turns Istio's `oneOf: [not anyOf required…, required a, required b]` idiom into words. */
function describeAlternatives(
  alternatives: SchemaNode[],
  say: (fields: string) => string,
): string | undefined {
  const fields: string[] = [];
  for (const a of alternatives) {
    if (a.required && Object.keys(a).length === 1) fields.push(...a.required);
    else if (!a.not) return undefined;
  }
  return fields.length ? say([...new Set(fields)].join(', ')) : undefined;
}
