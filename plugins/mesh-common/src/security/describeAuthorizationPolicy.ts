import { namespaceOf } from '../istio/model/common';
import {
  AuthorizationPolicy,
  AuthzCondition,
  AuthzOperation,
  AuthzRule,
  AuthzSource,
} from '../istio/model/security';
import {
  DescribedLine,
  PolicyDescription,
  describeAttachment,
} from './describeAttachment';

const list = (values: string[]) => values.join(', ');

/** `one`/`many` by count: `port 80`, `ports 80, 443`. */
const counted = (one: string, many: string, values: string[]) =>
  `${values.length === 1 ? one : many} ${list(values)}`;

/**
 * A principal in words. Istio's SPIFFE form `<trustDomain>/ns/<ns>/sa/<sa>` reads as a service
 * account; the trust domain is named only when it is not the default, since most meshes use one.
 */
export function describePrincipal(principal: string): string {
  if (principal === '*') return 'any mTLS peer';
  const m = principal.match(/^(?:spiffe:\/\/)?([^/]+)\/ns\/([^/]+)\/sa\/(.+)$/);
  if (!m) return `principal ${principal}`;
  const [, td, ns, sa] = m;
  const where = td === 'cluster.local' ? '' : ` (trust domain ${td})`;
  return `service account ${ns}/${sa}${where}`;
}

function principals(values: string[]): string {
  return values.map(describePrincipal).join(' or ');
}

function requestPrincipal(value: string): string {
  if (value === '*') return 'any valid JWT';
  const slash = value.lastIndexOf('/');
  // `<iss>/<sub>`; a `*` on either side is a wildcard (prefix or suffix match).
  if (slash > 0)
    return `a JWT from issuer ${value.slice(0, slash)} with subject ${value.slice(slash + 1)}`;
  return `a JWT ${value}`;
}

function describeSource(s: AuthzSource): string {
  const parts: string[] = [];
  if (s.principals?.length) parts.push(principals(s.principals));
  if (s.notPrincipals?.length) parts.push(`not ${principals(s.notPrincipals)}`);
  if (s.namespaces?.length)
    parts.push(
      s.namespaces.length === 1 && s.namespaces[0] === '*'
        ? 'any namespace (mTLS peers only)'
        : counted('namespace', 'namespaces', s.namespaces),
    );
  if (s.notNamespaces?.length)
    parts.push(`not ${counted('namespace', 'namespaces', s.notNamespaces)}`);
  if (s.ipBlocks?.length)
    parts.push(`peer ${counted('IP', 'IPs', s.ipBlocks)}`);
  if (s.notIpBlocks?.length)
    parts.push(`peer not ${counted('IP', 'IPs', s.notIpBlocks)}`);
  if (s.remoteIpBlocks?.length)
    parts.push(
      `client ${counted('IP', 'IPs', s.remoteIpBlocks)} (X-Forwarded-For)`,
    );
  if (s.notRemoteIpBlocks?.length)
    parts.push(
      `client not ${counted('IP', 'IPs', s.notRemoteIpBlocks)} (X-Forwarded-For)`,
    );
  if (s.requestPrincipals?.length)
    parts.push(
      `with ${s.requestPrincipals.map(requestPrincipal).join(' or ')}`,
    );
  if (s.notRequestPrincipals?.length)
    parts.push(
      `without ${s.notRequestPrincipals.map(requestPrincipal).join(' or ')}`,
    );
  return parts.length === 0 ? 'any caller' : parts.join(', ');
}

function describeOperation(o: AuthzOperation): string {
  const parts: string[] = [];
  if (o.methods?.length) parts.push(list(o.methods));
  else parts.push(o.notMethods?.length ? 'any method' : 'any request');
  if (o.notMethods?.length) parts.push(`except ${list(o.notMethods)}`);
  if (o.paths?.length) parts.push(`on ${list(o.paths)}`);
  if (o.notPaths?.length) parts.push(`not on ${list(o.notPaths)}`);
  if (o.ports?.length) parts.push(`to ${counted('port', 'ports', o.ports)}`);
  if (o.notPorts?.length)
    parts.push(`not to ${counted('port', 'ports', o.notPorts)}`);
  if (o.hosts?.length) parts.push(`for ${counted('host', 'hosts', o.hosts)}`);
  if (o.notHosts?.length)
    parts.push(`not for ${counted('host', 'hosts', o.notHosts)}`);
  return parts.join(' ');
}

function describeCondition(c: AuthzCondition): string {
  const parts: string[] = [];
  if (c.values?.length)
    parts.push(
      c.values.length === 1
        ? `${c.key} = ${c.values[0]}`
        : `${c.key} in [${list(c.values)}]`,
    );
  if (c.notValues?.length) {
    const head = parts.length > 0 ? 'but' : c.key;
    parts.push(
      c.notValues.length === 1
        ? `${head} ≠ ${c.notValues[0]}`
        : `${head} not in [${list(c.notValues)}]`,
    );
  }
  // A condition without values matches nothing Istio can check; it is rejected by validation.
  return parts.length === 0 ? `${c.key} (no values)` : parts.join(' ');
}

function actionWord(p: AuthorizationPolicy): string {
  const action = p.spec?.action ?? 'ALLOW';
  if (action !== 'CUSTOM') return action;
  const provider = p.spec?.provider?.name;
  return provider ? `CUSTOM (provider ${provider})` : 'CUSTOM (no provider)';
}

/**
 * One rule in words: `ALLOW GET, POST on /api/* from namespace frontend when
 * request.auth.claims[group] = admins`. Sources (`from`) and operations (`to`) are alternatives
 * (any one matches, joined by "or"); fields inside one are all required; conditions all hold.
 */
export function describeAuthzRule(action: string, rule: AuthzRule): string {
  const ops = (rule.to ?? []).map(t => describeOperation(t.operation ?? {}));
  const froms = (rule.from ?? []).map(f => describeSource(f.source ?? {}));
  const when = (rule.when ?? []).map(describeCondition);
  let text = `${action} ${ops.length > 0 ? ops.join(' or ') : 'any request'}`;
  text += ` from ${froms.length > 0 ? froms.join(' or ') : 'any caller'}`;
  if (when.length > 0) text += ` when ${when.join(' and ')}`;
  return text;
}

function summaryOf(p: AuthorizationPolicy): string {
  const action = p.spec?.action ?? 'ALLOW';
  const rules = p.spec?.rules ?? [];
  const matchesAll = rules.some(
    r => !r.from?.length && !r.to?.length && !r.when?.length,
  );
  switch (action) {
    case 'ALLOW':
      if (rules.length === 0)
        return 'allows nothing: an ALLOW policy without rules matches no request, so every request to its workloads is denied';
      if (matchesAll)
        return 'allows every request (a rule without from, to or when matches everything)';
      return 'allows requests that match one of its rules; once an ALLOW policy applies, requests no ALLOW policy matches are denied';
    case 'DENY':
      if (rules.length === 0)
        return 'denies nothing: a DENY policy without rules matches no request';
      if (matchesAll)
        return 'denies every request (a rule without from, to or when matches everything)';
      return 'denies requests that match one of its rules, before any ALLOW policy is consulted';
    case 'AUDIT':
      return 'marks requests that match one of its rules for audit logging; it never allows or denies';
    case 'CUSTOM': {
      const provider = p.spec?.provider?.name;
      return provider
        ? `sends requests that match one of its rules to the external authorizer ${provider}, which allows or denies them (checked before DENY and ALLOW)`
        : 'names no provider, so Istio rejects it';
    }
    default:
      return `unknown action ${String(action)}`;
  }
}

/**
 * An AuthorizationPolicy in words: where it applies, what it does as a whole (including the empty
 * cases Istio treats specially: an ALLOW without rules denies everything, a DENY without rules
 * denies nothing) and one line per rule, each pointing at `spec.rules[i]`.
 */
export function describeAuthorizationPolicy(
  p: AuthorizationPolicy,
  rootNamespace: string,
): PolicyDescription {
  const lines: DescribedLine[] = [
    describeAttachment(p.spec, namespaceOf(p), rootNamespace, true),
  ];
  const action = actionWord(p);
  (p.spec?.rules ?? []).forEach((rule, i) =>
    lines.push({
      text: describeAuthzRule(action, rule),
      path: `spec.rules[${i}]`,
    }),
  );
  return { summary: summaryOf(p), lines };
}
