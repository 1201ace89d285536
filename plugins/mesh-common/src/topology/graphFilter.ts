import {
  BadgeKind,
  GraphEdge,
  GraphNode,
  HealthStatus,
  NodeKind,
  Red,
} from './types';

/**
 * The Topology tab's find and hide boxes: `rate < 1`, `namespace = bookinfo and error > 5%`,
 * `not (badge = fault-injection or p95 > 200)`.
 *
 * - Numbers: `rate` (req/s), `error` (5xx share), `4xx` (4xx share), `mtls` (share of the
 *   traffic over mutual TLS), `p50`/`p95`/`p99` (ms; `1s` is read as 1000 ms), `tcp` (bytes/s;
 *   `k`, `M`, `G` multiply by 1000s). Shares are percentages with or without `%`: `error > 5` and
 *   `error > 5%` both mean five percent, so `error > 0.05` means 0.05 %, not 5 %.
 *   A node's figures are what it served, or what it sent when it served nothing (gateways,
 *   unknown callers); `mtls` and `protocol` belong to edges, so no node matches them.
 * - Names: `namespace`, `cluster`, `name`, `app`, `version`, `kind`, `health`, `protocol`,
 *   `badge`. `=` compares whole values, `~` searches with a regular expression (so plain text
 *   finds a part); both ignore case.
 * - `!=` and `!~` are `not` of `=` and `~`, so a node without a figure (no p99, no version)
 *   matches `p99 != 100` but neither `p99 < 100` nor `p99 > 100`.
 * - An edge has its own figures, health and protocol; for the other names it matches when
 *   either end does, so `hide namespace != bookinfo` hides every edge that leaves bookinfo.
 * - `and` binds tighter than `or`; `not` tighter than both; parentheses group. Keywords and
 *   field names ignore case. Empty text matches nothing (nothing found, nothing hidden).
 */
export interface GraphFilter {
  matchesNode(n: GraphNode): boolean;
  matchesEdge(e: GraphEdge, source: GraphNode, target: GraphNode): boolean;
}

/** Why the text is not a filter; `position` is the 1-based character where the trouble starts. */
export interface GraphFilterError {
  message: string;
  position: number;
}

export function isGraphFilterError(
  f: GraphFilter | GraphFilterError,
): f is GraphFilterError {
  return (f as GraphFilterError).message !== undefined;
}

type Unit = 'req/s' | '%' | 'ms' | 'bytes/s';

interface NumberField {
  type: 'number';
  unit: Unit;
  node(n: GraphNode): number | undefined;
  edge(e: GraphEdge): number | undefined;
}

interface NameField {
  type: 'name';
  /** The values `=` accepts, for fields with a closed set; checked so typos are errors. */
  values?: readonly string[];
  node(n: GraphNode): string[];
  /** The edge's own values; without it, an edge matches when either end does. */
  edge?(e: GraphEdge): string[];
}

type Field = NumberField | NameField;

const hasTraffic = (red: Red) =>
  red.rps > 0 || (red.tcpBytesPerSecond ?? 0) > 0;
/** What a node served, or what it sent when it served nothing (sources such as gateways). */
const served = (n: GraphNode): Red =>
  hasTraffic(n.inbound) || !hasTraffic(n.outbound) ? n.inbound : n.outbound;
const share = (part: number, total: number) =>
  total > 0 ? (part * 100) / total : undefined;
const one = (v: string | undefined) => (v === undefined ? [] : [v]);

const HEALTH: readonly HealthStatus[] = [
  'healthy',
  'degraded',
  'failure',
  'idle',
  'unknown',
];
const KINDS: readonly NodeKind[] = [
  'workload',
  'app',
  'versioned-app',
  'service',
  'unknown',
  'external',
  'gateway',
];
const BADGES: readonly BadgeKind[] = [
  'virtual-service',
  'traffic-shifting',
  'fault-injection',
  'circuit-breaker',
  'timeout',
  'retries',
  'mirror',
  'missing-sidecar',
  'authorization-policy',
  'request-authentication',
  'rate-limit',
];

const latency = (q: 'p50' | 'p95' | 'p99'): NumberField => ({
  type: 'number',
  unit: 'ms',
  node: n => served(n)[q],
  edge: e => e[q],
});

const FIELDS: Record<string, Field> = {
  rate: {
    type: 'number',
    unit: 'req/s',
    node: n => served(n).rps,
    edge: e => e.rps,
  },
  error: {
    type: 'number',
    unit: '%',
    node: n => share(served(n).rps5xx, served(n).rps),
    edge: e => share(e.rps5xx, e.rps),
  },
  '4xx': {
    type: 'number',
    unit: '%',
    node: n => share(served(n).rps4xx, served(n).rps),
    edge: e => share(e.rps4xx, e.rps),
  },
  p50: latency('p50'),
  p95: latency('p95'),
  p99: latency('p99'),
  mtls: {
    type: 'number',
    unit: '%',
    node: () => undefined,
    edge: e => (e.mtlsShare === undefined ? undefined : e.mtlsShare * 100),
  },
  tcp: {
    type: 'number',
    unit: 'bytes/s',
    node: n => served(n).tcpBytesPerSecond,
    edge: e =>
      e.tcpSentBytesPerSecond === undefined &&
      e.tcpReceivedBytesPerSecond === undefined
        ? undefined
        : (e.tcpSentBytesPerSecond ?? 0) + (e.tcpReceivedBytesPerSecond ?? 0),
  },
  namespace: { type: 'name', node: n => [n.namespace] },
  cluster: { type: 'name', node: n => one(n.cluster) },
  name: { type: 'name', node: n => [n.name] },
  app: { type: 'name', node: n => one(n.app) },
  version: { type: 'name', node: n => one(n.version) },
  kind: { type: 'name', values: KINDS, node: n => [n.kind] },
  health: {
    type: 'name',
    values: HEALTH,
    node: n => [n.health.status],
    edge: e => [e.health.status],
  },
  protocol: {
    type: 'name',
    values: ['http', 'grpc', 'tcp'],
    node: () => [],
    edge: e => [e.protocol],
  },
  badge: {
    type: 'name',
    values: BADGES,
    node: n => n.badges.map(b => b.kind),
  },
};

/** The field names, in the order error messages and the UI's help list them. */
export const GRAPH_FILTER_FIELDS: readonly string[] = Object.keys(FIELDS);

type Op = '=' | '!=' | '<' | '<=' | '>' | '>=' | '~' | '!~';
/** Longest first, so `<=` is not read as `<` followed by `=`. */
const OPS: Op[] = ['!=', '<=', '>=', '!~', '=', '<', '>', '~'];

type Expr =
  | { type: 'and' | 'or'; left: Expr; right: Expr }
  | { type: 'not'; expr: Expr }
  | { type: 'number'; field: NumberField; op: Op; value: number }
  | { type: 'name'; field: NameField; op: Op; value: string | RegExp };

type Subject =
  | { node: GraphNode }
  | { edge: GraphEdge; source: GraphNode; target: GraphNode };

function compareNumbers(
  actual: number | undefined,
  op: Op,
  value: number,
): boolean {
  if (op === '!=') return !compareNumbers(actual, '=', value);
  if (actual === undefined) return false;
  switch (op) {
    case '=':
      return actual === value;
    case '<':
      return actual < value;
    case '<=':
      return actual <= value;
    case '>':
      return actual > value;
    case '>=':
      return actual >= value;
    default:
      return false;
  }
}

function compareNames(
  actual: string[],
  op: Op,
  value: string | RegExp,
): boolean {
  const hit =
    typeof value === 'string'
      ? actual.some(a => a.toLowerCase() === value)
      : actual.some(a => value.test(a));
  return op === '!=' || op === '!~' ? !hit : hit;
}

function evaluate(e: Expr, s: Subject): boolean {
  switch (e.type) {
    case 'and':
      return evaluate(e.left, s) && evaluate(e.right, s);
    case 'or':
      return evaluate(e.left, s) || evaluate(e.right, s);
    case 'not':
      return !evaluate(e.expr, s);
    case 'number':
      return compareNumbers(
        'node' in s ? e.field.node(s.node) : e.field.edge(s.edge),
        e.op,
        e.value,
      );
    case 'name': {
      if ('node' in s) return compareNames(e.field.node(s.node), e.op, e.value);
      if (e.field.edge)
        return compareNames(e.field.edge(s.edge), e.op, e.value);
      return (
        compareNames(e.field.node(s.source), e.op, e.value) ||
        compareNames(e.field.node(s.target), e.op, e.value)
      );
    }
    default:
      return false;
  }
}

class FilterSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

/** Multipliers of the suffixes each unit accepts after a number. */
const SUFFIXES: Record<Unit, Record<string, number>> = {
  'req/s': { '': 1, rps: 1 },
  '%': { '': 1, '%': 1 },
  ms: { '': 1, ms: 1, s: 1000 },
  'bytes/s': { '': 1, k: 1e3, m: 1e6, g: 1e9 },
};

const DESCRIBE_UNIT: Record<Unit, string> = {
  'req/s': 'requests per second, e.g. 0.5',
  '%': 'a percentage, e.g. 5%',
  ms: 'milliseconds, e.g. 200 or 1.5s',
  'bytes/s': 'bytes per second, e.g. 2000 or 2k',
};

/**
 * Hand-written recursive descent: the language is a dozen operators over our own fields, and a
 * parser generator or expression library would cost a dependency in the browser bundle and give
 * worse messages than "unknown field "rat" at 1: expected one of …". Values are scanned in
 * context (after an operator), so a regex such as `v(1|2)` needs no quoting.
 */
class Parser {
  private pos = 0;

  constructor(private readonly text: string) {}

  parse(): Expr | undefined {
    this.skipSpace();
    if (this.atEnd()) return undefined;
    const e = this.parseOr();
    this.skipSpace();
    if (!this.atEnd())
      this.fail('expected "and", "or" or the end', `, got ${this.lookingAt()}`);
    return e;
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.keyword('or'))
      left = { type: 'or', left, right: this.parseAnd() };
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseUnary();
    while (this.keyword('and'))
      left = { type: 'and', left, right: this.parseUnary() };
    return left;
  }

  private parseUnary(): Expr {
    if (this.keyword('not')) return { type: 'not', expr: this.parseUnary() };
    this.skipSpace();
    if (this.text[this.pos] === '(') {
      const open = this.pos;
      this.pos++;
      const e = this.parseOr();
      this.skipSpace();
      if (this.text[this.pos] !== ')')
        this.fail(
          'expected ")"',
          ` to close the "(" at ${open + 1}, got ${this.lookingAt()}`,
        );
      this.pos++;
      return e;
    }
    return this.parseComparison();
  }

  private parseComparison(): Expr {
    this.skipSpace();
    const fieldAt = this.pos;
    const name = /^[A-Za-z0-9_]*/.exec(this.text.slice(this.pos))![0];
    if (name === '')
      this.fail('expected a field or "("', `, got ${this.lookingAt()}`);
    const field = FIELDS[name.toLowerCase()];
    if (!field)
      this.fail(
        `unknown field "${name}"`,
        `: expected one of ${GRAPH_FILTER_FIELDS.join(', ')}`,
        fieldAt,
      );
    this.pos += name.length;

    this.skipSpace();
    const opAt = this.pos;
    let op = OPS.find(o => this.text.startsWith(o, this.pos));
    if (!op)
      this.fail(
        `expected an operator after ${name}`,
        `: one of =, !=, <, <=, >, >=, ~, !~; got ${this.lookingAt()}`,
      );
    this.pos += op.length;
    // `==` is a common habit; it means `=`.
    if (op === '=' && this.text[this.pos] === '=') this.pos++;
    op = op as Op;

    if (field.type === 'number' && (op === '~' || op === '!~'))
      this.fail(
        `"${op}" does not apply to ${name}`,
        `: it is a number; use =, !=, <, <=, > or >=`,
        opAt,
      );
    if (field.type === 'name' && !['=', '!=', '~', '!~'].includes(op))
      this.fail(
        `"${op}" does not apply to ${name}`,
        `: it is a name; use =, !=, ~ or !~`,
        opAt,
      );

    this.skipSpace();
    const valueAt = this.pos;
    const value = this.readValue(op);

    if (field.type === 'number') {
      const m = /^(\d+(?:\.\d*)?|\.\d+)\s*([a-z%/]*)$/i.exec(value);
      const factor = m ? SUFFIXES[field.unit][m[2].toLowerCase()] : undefined;
      if (!m || factor === undefined)
        this.fail(
          `expected a number for ${name}`,
          `: ${DESCRIBE_UNIT[field.unit]}; got "${value}"`,
          valueAt,
        );
      return {
        type: 'number',
        field,
        op,
        value: Number(m[1]) * factor,
      };
    }
    if (op === '~' || op === '!~') {
      try {
        return { type: 'name', field, op, value: new RegExp(value, 'i') };
      } catch (e) {
        return this.fail(
          `invalid regular expression "${value}"`,
          `: ${(e as Error).message}`,
          valueAt,
        );
      }
    }
    const lower = value.toLowerCase();
    if (field.values && !field.values.includes(lower))
      this.fail(
        `unknown ${name} "${value}"`,
        `: expected one of ${field.values.join(', ')}`,
        valueAt,
      );
    return { type: 'name', field, op, value: lower };
  }

  /** A quoted string (with `\` escapes), or text up to a space or an unbalanced `)`. */
  private readValue(op: string): string {
    const start = this.pos;
    const quote = this.text[start];
    if (quote === '"' || quote === "'") {
      let out = '';
      this.pos++;
      while (!this.atEnd() && this.text[this.pos] !== quote) {
        if (this.text[this.pos] === '\\' && this.pos + 1 < this.text.length)
          this.pos++;
        out += this.text[this.pos++];
      }
      if (this.atEnd())
        this.fail('unclosed string', `: add the closing ${quote}`, start);
      this.pos++;
      return out;
    }
    let depth = 0;
    while (!this.atEnd()) {
      const c = this.text[this.pos];
      if (/\s/.test(c)) break;
      if (c === '(') depth++;
      if (c === ')') {
        if (depth === 0) break;
        depth--;
      }
      this.pos++;
    }
    if (this.pos === start)
      this.fail(`expected a value after "${op}"`, `, got ${this.lookingAt()}`);
    return this.text.slice(start, this.pos);
  }

  /** Consumes a keyword (any case) when it comes next as a whole word. */
  private keyword(word: string): boolean {
    this.skipSpace();
    const next = this.text.slice(this.pos, this.pos + word.length);
    const after = this.text[this.pos + word.length];
    if (
      next.toLowerCase() === word &&
      (after === undefined || !/[A-Za-z0-9_]/.test(after))
    ) {
      this.pos += word.length;
      return true;
    }
    return false;
  }

  private lookingAt(): string {
    if (this.atEnd()) return 'the end';
    const word = /^\S+/.exec(this.text.slice(this.pos))![0];
    return `"${word.length > 20 ? `${word.slice(0, 20)}…` : word}"`;
  }

  private skipSpace(): void {
    while (!this.atEnd() && /\s/.test(this.text[this.pos])) this.pos++;
  }

  private atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  /** Throws `<what> at <column><detail>`, e.g. `unknown field "rat" at 1: expected one of …`. */
  private fail(what: string, detail = '', at = this.pos): never {
    throw new FilterSyntaxError(`${what} at ${at + 1}${detail}`, at + 1);
  }
}

/** Parses a find or hide expression (see `GraphFilter` for the language). */
export function parseGraphFilter(text: string): GraphFilter | GraphFilterError {
  let expr: Expr | undefined;
  try {
    expr = new Parser(text).parse();
  } catch (e) {
    if (e instanceof FilterSyntaxError)
      return { message: e.message, position: e.position };
    throw e;
  }
  if (!expr) return { matchesNode: () => false, matchesEdge: () => false };
  const root = expr;
  return {
    matchesNode: node => evaluate(root, { node }),
    matchesEdge: (edge, source, target) =>
      evaluate(root, { edge, source, target }),
  };
}
