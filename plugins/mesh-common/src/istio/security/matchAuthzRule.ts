import {
  AuthzCondition,
  AuthzOperation,
  AuthzRule,
  AuthzSource,
} from '../model/security';
import { matchAnyIp, matchAnyValue } from './matchAuthzValue';

/** What the destination's sidecar knows about a request when it evaluates RBAC. */
export interface AuthzContext {
  principal?: string;
  sourceNamespace?: string;
  sourceIp?: string;
  remoteIp?: string;
  requestPrincipal?: string;
  audiences: string[];
  presenter?: string;
  claims: Record<string, unknown>;
  host?: string;
  port: number;
  method?: string;
  /** Path without the query string. */
  path?: string;
  headers: Record<string, string>;
  destinationIp?: string;
  sni?: string;
  /** Plain TCP: HTTP-only attributes are unavailable. */
  tcp?: boolean;
}

const joined = new WeakMap<string[], string>();

/** `a, b, c` for a policy's value list, built once per list (reasons quote the same lists on every decision). */
function list(values: string[]): string {
  let text = joined.get(values);
  if (text === undefined) {
    text = values.join(', ');
    joined.set(values, text);
  }
  return text;
}

type MatchOptions = { ignoreCase?: boolean; path?: boolean };
const IGNORE_CASE: MatchOptions = { ignoreCase: true };
const AS_PATH: MatchOptions = { path: true };

/**
 * Field with values (OR) and notValues (none may match); undefined lists are not checked.
 * (Positional arguments, not a tuple: this runs for every field of every rule of every decision.)
 */
function checkField(
  name: string,
  values: string[] | undefined,
  notValues: string[] | undefined,
  actual: string | undefined,
  opts?: MatchOptions,
): string | null {
  if (values && values.length > 0 && !matchAnyValue(values, actual, opts)) {
    return `${name} ${actual === undefined ? '(none)' : `"${actual}"`} is not in [${list(values)}]`;
  }
  if (
    notValues &&
    notValues.length > 0 &&
    matchAnyValue(notValues, actual, opts)
  ) {
    return `${name} "${actual}" is in not-list [${list(notValues)}]`;
  }
  return null;
}

function checkIps(
  name: string,
  values: string[] | undefined,
  notValues: string[] | undefined,
  ip: string | undefined,
): string | null {
  if (values && values.length > 0 && !matchAnyIp(values, ip))
    return `${name} ${ip ?? '(unknown)'} is in none of [${list(values)}]`;
  if (notValues && notValues.length > 0 && matchAnyIp(notValues, ip))
    return `${name} ${ip} is in not-list [${list(notValues)}]`;
  return null;
}

export function matchSource(s: AuthzSource, c: AuthzContext): string | null {
  return (
    checkField('principal', s.principals, s.notPrincipals, c.principal) ??
    checkField(
      'request principal',
      s.requestPrincipals,
      s.notRequestPrincipals,
      c.requestPrincipal,
    ) ??
    checkField(
      'source namespace',
      s.namespaces,
      s.notNamespaces,
      c.sourceNamespace,
    ) ??
    checkIps('source IP', s.ipBlocks, s.notIpBlocks, c.sourceIp) ??
    checkIps(
      'remote IP',
      s.remoteIpBlocks,
      s.notRemoteIpBlocks,
      c.remoteIp ?? c.sourceIp,
    )
  );
}

export function matchOperation(
  o: AuthzOperation,
  c: AuthzContext,
): string | null {
  return (
    checkField('host', o.hosts, o.notHosts, c.host, IGNORE_CASE) ??
    checkField('port', o.ports, o.notPorts, String(c.port)) ??
    checkField('method', o.methods, o.notMethods, c.method) ??
    checkField('path', o.paths, o.notPaths, c.path, AS_PATH)
  );
}

/** `request.auth.claims[a][b]` walks nested claims; a list claim matches if any element does. */
function claimValues(
  claims: Record<string, unknown>,
  path: string[],
): string[] {
  let cur: unknown = claims;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur))
      return [];
    cur = (cur as Record<string, unknown>)[p];
  }
  if (typeof cur === 'string') return [cur];
  if (typeof cur === 'number' || typeof cur === 'boolean') return [String(cur)];
  if (Array.isArray(cur))
    return cur.filter(x => typeof x === 'string') as string[];
  return [];
}

function conditionActuals(
  key: string,
  c: AuthzContext,
): string[] | 'unsupported' {
  const header = key.match(/^request\.headers\[(.+)\]$/);
  if (header) {
    const v = c.headers[header[1].toLowerCase()];
    return v === undefined ? [] : [v];
  }
  const claim = key.match(/^request\.auth\.claims((?:\[[^\]]+\])+)$/);
  if (claim) return claimValues(c.claims, claim[1].slice(1, -1).split(']['));
  const one = (v: string | undefined) => (v === undefined ? [] : [v]);
  switch (key) {
    case 'source.ip':
      return one(c.sourceIp);
    case 'remote.ip':
      return one(c.remoteIp ?? c.sourceIp);
    case 'source.namespace':
      return one(c.sourceNamespace);
    case 'source.principal':
      return one(c.principal);
    case 'request.auth.principal':
      return one(c.requestPrincipal);
    case 'request.auth.audiences':
      return c.audiences;
    case 'request.auth.presenter':
      return one(c.presenter);
    case 'destination.ip':
      return one(c.destinationIp);
    case 'destination.port':
      return [String(c.port)];
    case 'connection.sni':
      return one(c.sni);
    default:
      return 'unsupported';
  }
}

const IP_KEYS = new Set(['source.ip', 'remote.ip', 'destination.ip']);

export function matchCondition(
  w: AuthzCondition,
  c: AuthzContext,
): string | null {
  const actuals = conditionActuals(w.key, c);
  if (actuals === 'unsupported')
    return `condition key ${w.key} is not evaluated by Meshport`;
  const isIp = IP_KEYS.has(w.key);
  const hit = (patterns: string[]) =>
    actuals.some(a =>
      isIp ? matchAnyIp(patterns, a) : matchAnyValue(patterns, a),
    );
  if (w.values && w.values.length > 0 && !hit(w.values)) {
    return `${w.key} ${actuals.length ? `[${actuals.join(', ')}]` : '(none)'} is not in [${list(w.values)}]`;
  }
  if (w.notValues && w.notValues.length > 0 && hit(w.notValues))
    return `${w.key} [${actuals.join(', ')}] is in notValues`;
  return null;
}

const HTTP_SOURCE_FIELDS = [
  'requestPrincipals',
  'notRequestPrincipals',
] as const;
const HTTP_OPERATION_FIELDS = [
  'hosts',
  'notHosts',
  'methods',
  'notMethods',
  'paths',
  'notPaths',
] as const;

function isHttpOnlyKey(key: string): boolean {
  return key.startsWith('request.');
}

/** Whether a rule uses attributes that exist only for HTTP requests. */
export function usesHttpOnlyFields(rule: AuthzRule): boolean {
  return (
    (rule.from ?? []).some(f =>
      HTTP_SOURCE_FIELDS.some(k => (f.source?.[k]?.length ?? 0) > 0),
    ) ||
    (rule.to ?? []).some(t =>
      HTTP_OPERATION_FIELDS.some(k => (t.operation?.[k]?.length ?? 0) > 0),
    ) ||
    (rule.when ?? []).some(w => isHttpOnlyKey(w.key))
  );
}

/** The rule with its HTTP-only fields removed, as Istio builds DENY rules for TCP. */
export function withoutHttpOnlyFields(rule: AuthzRule): AuthzRule {
  const strip = <T extends object>(
    o: T | undefined,
    keys: readonly string[],
  ): T | undefined => {
    if (!o) return o;
    const copy = { ...o } as Record<string, unknown>;
    for (const k of keys) delete copy[k];
    return copy as T;
  };
  return {
    from: rule.from?.map(f => ({
      source: strip(f.source, HTTP_SOURCE_FIELDS),
    })),
    to: rule.to?.map(t => ({
      operation: strip(t.operation, HTTP_OPERATION_FIELDS),
    })),
    when: rule.when?.filter(w => !isHttpOnlyKey(w.key)),
  };
}

/**
 * One rule: `from` sources OR'ed, `to` operations OR'ed, `when` conditions AND'ed, and the three
 * AND'ed together; an absent part matches everything. Null when it matches, else why not.
 */
export function matchAuthzRule(
  rule: AuthzRule,
  c: AuthzContext,
): string | null {
  if (rule.from && rule.from.length > 0) {
    const reasons = rule.from.map(f => matchSource(f.source ?? {}, c));
    if (!reasons.includes(null)) return `from: ${reasons.join(' / ')}`;
  }
  if (rule.to && rule.to.length > 0) {
    const reasons = rule.to.map(t => matchOperation(t.operation ?? {}, c));
    if (!reasons.includes(null)) return `to: ${reasons.join(' / ')}`;
  }
  for (const w of rule.when ?? []) {
    const why = matchCondition(w, c);
    if (why) return `when: ${why}`;
  }
  return null;
}
