import { IstioConfigObject } from './types';

/** What an AuthorizationPolicy can see about a request in this model. */
export interface AuthzRequest {
  /** `cluster.local/ns/<ns>/sa/<sa>` when the caller presented a mesh certificate, else undefined. */
  principal?: string;
  sourceNamespace?: string;
  method: string;
  path: string;
  port?: number;
  host: string;
  /** Request headers, lower-case names. */
  headers?: Record<string, string>;
}

export interface AuthzTarget {
  namespace: string;
  labels: Record<string, string>;
}

interface Rule {
  from?: Array<{ source?: Record<string, string[] | undefined> }>;
  to?: Array<{ operation?: Record<string, string[] | undefined> }>;
  when?: Condition[];
}

interface Condition {
  key: string;
  values?: string[];
  notValues?: string[];
}

/** Istio's string match for policy values: exact, `prefix*`, `*suffix`, or `*`. */
function valueMatches(pattern: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return pattern === value;
}

/** A field with positive and `not` lists: values must hit one positive (if any) and no negative. */
function fieldMatches(
  fields: Record<string, string[] | undefined>,
  field: string,
  value: string | undefined,
): boolean {
  const positive = fields[field];
  const negative = fields[`not${field[0].toUpperCase()}${field.slice(1)}`];
  if (positive && !positive.some(p => valueMatches(p, value))) return false;
  if (negative && negative.some(p => valueMatches(p, value))) return false;
  return true;
}

/**
 * The value a `when` key reads in this model. Keys for attributes the model has no value for
 * (source.ip, JWT claims without a RequestAuthentication, connection.sni…) read as absent:
 * `values` then never match and `notValues` never exclude, as for a request without them.
 */
function conditionValue(
  key: string,
  request: AuthzRequest,
): string | undefined {
  const header = /^request\.headers\[(.+)\]$/.exec(key);
  if (header) return request.headers?.[header[1].toLowerCase()];
  switch (key) {
    case 'source.namespace':
      return request.sourceNamespace;
    case 'source.principal':
      return request.principal;
    case 'destination.port':
      return request.port === undefined ? undefined : String(request.port);
    default:
      return undefined;
  }
}

function conditionMatches(
  condition: Condition,
  request: AuthzRequest,
): boolean {
  const value = conditionValue(condition.key, request);
  if (condition.values && !condition.values.some(p => valueMatches(p, value)))
    return false;
  if (
    condition.notValues &&
    condition.notValues.some(p => valueMatches(p, value))
  )
    return false;
  return true;
}

/** Istio's rule semantics: one of `from`, one of `to`, and every `when` condition (each absent part matches). */
function ruleMatches(rule: Rule, request: AuthzRequest): boolean {
  const sourceOk =
    !rule.from ||
    rule.from.some(
      ({ source = {} }) =>
        fieldMatches(source, 'principals', request.principal) &&
        fieldMatches(source, 'namespaces', request.sourceNamespace),
    );
  const operationOk =
    !rule.to ||
    rule.to.some(
      ({ operation = {} }) =>
        fieldMatches(operation, 'methods', request.method) &&
        fieldMatches(operation, 'paths', request.path.split('?')[0]) &&
        fieldMatches(operation, 'hosts', request.host) &&
        fieldMatches(
          operation,
          'ports',
          request.port === undefined ? undefined : String(request.port),
        ),
    );
  return (
    sourceOk &&
    operationOk &&
    (rule.when ?? []).every(condition => conditionMatches(condition, request))
  );
}

function selects(
  policy: IstioConfigObject,
  target: AuthzTarget,
  rootNamespace: string,
): boolean {
  const namespace = policy.metadata.namespace;
  if (namespace !== target.namespace && namespace !== rootNamespace)
    return false;
  const selector = (
    policy.spec?.selector as
      { matchLabels?: Record<string, string> } | undefined
  )?.matchLabels;
  return (
    !selector ||
    Object.entries(selector).every(([k, v]) => target.labels[k] === v)
  );
}

/**
 * Istio's decision order: any matching DENY policy denies; then, if ALLOW policies select the
 * workload, one of their rules must match; otherwise the request is allowed. An ALLOW policy
 * without rules matches nothing (deny-all); `rules: [{}]` matches everything. CUSTOM and AUDIT
 * policies do not change the decision here.
 */
export function authorize(
  policies: IstioConfigObject[],
  target: AuthzTarget,
  request: AuthzRequest,
  rootNamespace: string,
): 'allow' | 'deny' {
  const applicable = policies.filter(p => selects(p, target, rootNamespace));
  const action = (p: IstioConfigObject) =>
    (p.spec?.action as string | undefined) ?? 'ALLOW';
  const rules = (p: IstioConfigObject) =>
    (p.spec?.rules as Rule[] | undefined) ?? [];
  if (
    applicable.some(
      p => action(p) === 'DENY' && rules(p).some(r => ruleMatches(r, request)),
    )
  )
    return 'deny';
  const allows = applicable.filter(p => action(p) === 'ALLOW');
  if (allows.length === 0) return 'allow';
  return allows.some(p => rules(p).some(r => ruleMatches(r, request)))
    ? 'allow'
    : 'deny';
}
